import type { JourneyEvent } from './events.ts';
import { checkJourney, type JourneyDefinition } from './definition.ts';

/** The shop journey the fixtures are read against. */
export const shop: JourneyDefinition = (() => {
  const r = checkJourney({
    touchpoints: [
      { id: 'home', stage: 'awareness', match: { url: '/' } },
      { id: 'product', stage: 'consideration', match: { url: '/product/:id' } },
      { id: 'cart', stage: 'decision', match: { url: '/cart' } },
      { id: 'shipping', stage: 'decision', match: { step: 'checkout:shipping' } },
      { id: 'payment', stage: 'decision', match: { step: 'checkout:payment' }, momentOfTruth: true, target: { conversion: 0.9, friction: 50 } },
      { id: 'confirm', stage: 'decision', match: { step: 'checkout:confirmation' } },
      { id: 'ticket', name: 'Support ticket', stage: 'support', match: { touchpoint: 'support-ticket' } },
    ],
    funnels: [{ id: 'checkout', steps: ['cart', 'shipping', 'payment', 'confirm'] }],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.journey;
})();

type Step = string | Record<string, unknown>;
/**
 * A session from a script: "/path" is a page view, "step:name" a checkout step, objects are
 * events as they are (kind and fields). Events are one second apart; page views start new ones.
 */
export function session(sid: string, steps: Step[], start = 1_000_000): JourneyEvent[] {
  let pv = `${sid}-0`;
  let url: string | undefined;
  let n = 0;
  return steps.map((s, i) => {
    const t = start + i * 1000;
    const id = `${sid}.${i}`;
    if (typeof s === 'string' && s.startsWith('/')) {
      pv = `${sid}-${++n}`;
      url = s;
      return { id, t, k: 'pv', url: s, nav: 'navigate', vw: 1280, vh: 720, sw: 1280, dev: 'd', sid, pv } as JourneyEvent;
    }
    if (typeof s === 'string') return { id, t, k: 'step', f: 'checkout', s: s.slice(5), sid, pv, url } as JourneyEvent;
    return { id, t, ...s, sid, pv, url } as JourneyEvent;
  });
}

const at = { ox: 0.5, oy: 0.5, x: 1, y: 1 };
export const rage = (sel: string) => ({ k: 'rage', sel, n: 4, ...at });
export const dead = (sel: string) => ({ k: 'dead', sel, ...at });
export const invalid = (sel: string) => ({ k: 'field', sel, a: 'invalid', why: 'patternMismatch' });
export const purchase = (value: number) => ({ k: 'track', name: 'purchase', props: { value } });
export const survey = (at: string, v: number) => ({ k: 'survey', q: 'csat', scale: 'csat', v, at, why: 'complete' });

const checkout = ['/checkout/shipping', 'step:shipping', '/checkout/payment', 'step:payment'];

/**
 * Ten sessions, counted by hand in journey.test.ts:
 *   S1, S2  home → product → cart → shipping → payment → confirmation, purchase 100 / 50
 *   S3      product → cart → … → payment, rage #pay, → confirmation, purchase 60
 *   S4      home → product → cart → shipping, rage #continue, invalid #postcode — abandons
 *   S5      product → cart → shipping → payment, dead #pay-later — abandons
 *   S6      home → product → cart — abandons
 *   S7      home;  S8 product;  S10 home + an off-site support ticket
 *   S9      cart → … → confirmation, purchase 90
 * S1 and S3 answer the survey at confirmation: 5 and 2.
 */
export const tenSessions: JourneyEvent[] = [
  ...session('S1', ['/', '/product/1', '/cart', ...checkout, '/checkout/confirmation', 'step:confirmation', purchase(100), survey('checkout:confirmation', 5)]),
  ...session('S2', ['/', '/product/1', '/cart', ...checkout, '/checkout/confirmation', 'step:confirmation', purchase(50)]),
  ...session('S3', ['/product/2', '/cart', ...checkout, rage('#pay'), '/checkout/confirmation', 'step:confirmation', purchase(60), survey('checkout:confirmation', 2)]),
  ...session('S4', ['/', '/product/1', '/cart', '/checkout/shipping', 'step:shipping', rage('#continue'), invalid('#postcode')]),
  ...session('S5', ['/product/3', '/cart', ...checkout, dead('#pay-later')]),
  ...session('S6', ['/', '/product/1', '/cart']),
  ...session('S7', ['/']),
  ...session('S8', ['/product/4']),
  ...session('S9', ['/cart', ...checkout, '/checkout/confirmation', 'step:confirmation', purchase(90)]),
  ...session('S10', ['/', { k: 'tp', name: 'support-ticket' }]),
];
