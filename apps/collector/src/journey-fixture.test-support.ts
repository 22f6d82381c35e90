import { checkJourney, type JourneyDefinition, type JourneyEvent } from '@touchmap/journey';
import { dead, purchase, rage, session, tenSessions } from '../../../packages/journey/src/fixture.test-support.ts';

// The journey fixtures the journey-query tests read, on every engine: packages/journey's ten
// hand-counted sessions and a hundred more on the shop journey, and the "rich" journey's
// seventy. Session scripts start at `1_000_000` (fixture.test-support.ts); `base` moves them.

/** A hundred checkout sessions: 40 dead-click #pay-later (10 of them buy), 35 rage #continue; 88 − 30 of the others buy. */
const hundred = Array.from({ length: 100 }, (_, i) => {
  const deadClick = i < 40;
  const converts = deadClick ? i < 10 : i < 88;
  const raged = i >= 65;
  return session(`P${i}`, ['/cart', '/checkout/shipping', 'step:shipping', ...(raged ? [{ k: 'rage', sel: '#continue', n: 3, ox: 0.5, oy: 0.5, x: 1, y: 1 }] : []), '/checkout/payment', 'step:payment', ...(deadClick ? [dead('#pay-later')] : []), ...(converts ? ['/checkout/confirmation', 'step:confirmation', { k: 'track', name: 'purchase', props: { value: 40 + i } }] : [])]);
}).flat();

/**
 * A second journey, for the rules the shop's journey has none of: clicks on an element (one
 * touchpoint by element and URL at once), data-touchpoint clicks, a track event, pages of a
 * hash router, and events at the same millisecond (ordered by id, as the model does).
 */
export const richJourney: JourneyDefinition = (() => {
  const rich = checkJourney({
    touchpoints: [
      { id: 'home', stage: 'awareness', match: { url: '/' } },
      { id: 'promo', stage: 'consideration', match: { touchpoint: 'promo' } },
      { id: 'cart', stage: 'decision', match: { url: '/cart' } },
      { id: 'continue', stage: 'decision', match: { selector: '#continue' } },
      { id: 'pay', stage: 'decision', match: { selector: '#pay-later', url: '/checkout/payment' } },
      { id: 'bought', stage: 'retention', match: { track: 'purchase' } },
      // A help centre routed by hash: its articles are pages of their own; an anchor is not.
      { id: 'article', stage: 'support', match: { url: '/help/#/article/:id' } },
    ],
    funnels: [{ id: 'buy', steps: ['cart', 'continue', 'pay', 'bought'] }],
  });
  if (!rich.ok) throw new Error(rich.errors.join('\n'));
  return rich.journey;
})();

const click = (sel: string, tp?: string) => ({ k: 'click', sel, ox: 0.5, oy: 0.5, x: 1, y: 1, sx: 0, sy: 0, vw: 1280, vh: 720, ...(tp ? { tp } : {}) });
const richScripts = Array.from({ length: 70 }, (_, i) => {
  const converts = i % 2 === 0 ? i < 30 : i < 60;
  const events = session(`R${i}`, [
    '/', ...(i % 5 === 0 ? [click('#banner', 'promo')] : []), '/cart', '/checkout/shipping', 'step:shipping',
    // Rage on #continue only after clicking it: on an element whose touchpoint the session never
    // reached, the model still counts a signal in its stage's friction and the SQL does not
    // (a difference older than these queries, left for its own change).
    ...(i % 2 === 0 ? [click('#continue')] : []), ...(i % 6 === 0 ? [rage('#continue')] : []),
    '/checkout/payment', ...(i < 40 ? [dead('#pay-later')] : []), ...(i % 4 !== 0 ? [click('#pay-later')] : []),
    ...(converts ? [purchase(40 + i)] : []),
    ...(i % 3 === 0 ? [`/help#/article/${i % 4}`, '/help/#!/article/9?from=faq'] : i % 3 === 1 ? ['/help#faq', '/help/#/'] : []),
  ]);
  // Every seventh session clicks #continue in the same millisecond as the step before it.
  return events.map((e, j) => (i % 7 === 0 && e.k === 'click' && (e as { sel?: string }).sel === '#continue' ? { ...e, t: events[j - 1]!.t } : e));
}).flat();

/**
 * The fixtures' events at `base`: `events` for the shop journey (S10's support ticket comes from
 * the site's backend — a page-view id of its own, no page: `ticket`), `richEvents` for the rich one.
 */
export function journeyFixtures(base: number) {
  const shift = (events: JourneyEvent[]) => events.map((e) => ({ ...e, t: e.t - 1_000_000 + base }));
  const events = shift([...tenSessions, ...hundred]).map((e) => (e.k === 'tp' ? { ...e, pv: 'crm-ticket-1', url: undefined } : e));
  return { events, ticket: events.find((e) => e.k === 'tp')!, richEvents: shift(richScripts) };
}

/** The events as the SDK would send them: one batch per page view. */
export function batches(site: string, list: JourneyEvent[]) {
  const byPv = new Map<string, JourneyEvent[]>();
  for (const e of list) byPv.set(`${e.sid}\u0000${e.pv}`, [...(byPv.get(`${e.sid}\u0000${e.pv}`) ?? []), e]);
  return [...byPv.values()].map((evs) => ({
    v: 1, site, sid: evs[0]!.sid, pv: evs[0]!.pv, bid: `b-${evs[0]!.pv}`, sent: Date.now(),
    events: evs.map(({ sid: _s, pv: _p, url, ...e }) => (e.k === 'pv' ? { ...e, url } : e)),
  }));
}
