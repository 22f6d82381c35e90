import { checkJourney, type JourneyDefinition } from '@touchmap/journey';
import type { Batch } from '@touchmap/protocol';

/** A small seeded PRNG (mulberry32): the same fixture on every run and every engine. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGES = ['/', '/product/1', '/product/2?ref=home', '/cart', '/checkout/shipping', '/checkout/payment'];
const ELEMENTS = ['#buy', '#express', 'button[data-testid="pay"]', 'a.nav[href="/cart"]', '#qty-plus', "input[name='o''brien']", '#coupon'];
const SOURCES = [undefined, 'newsletter', 'Google'];
const REFERRERS = [undefined, 'https://www.example.org/post', 'not a url'];

/**
 * Sessions of every event kind the reads look at — clicks, friction signals, moves, hovers,
 * scroll depth, form fields, vitals, errors, traits, sources, devices — over several pages,
 * with selectors and URLs that need quoting, and one batch sent twice (a retry). Seeded, so each
 * engine stores exactly the same events. Times fall in the hour before `now`.
 */
export function readsFixture(siteKey: string, now: number, sessions = 40): Batch[] {
  const rnd = random(8);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const batches: Batch[] = [];
  let id = 0;
  for (let s = 0; s < sessions; s++) {
    const sid = `s${s}`;
    let t = now - 3_600_000 + s * 60_000;
    const vw = pick([390, 800, 1280, 1600]);
    const dev = vw < 640 ? 'm' : vw < 1024 ? 't' : 'd';
    for (let p = 0; p < 1 + Math.floor(rnd() * 4); p++) {
      const pv = `${sid}-p${p}`;
      const url = pick(PAGES);
      const events: Record<string, unknown>[] = [];
      const add = (e: Record<string, unknown>) => events.push({ id: `e${id++}`, t: (t += 1 + Math.floor(rnd() * 900)), ...e });
      const utm = p === 0 ? pick(SOURCES) : undefined;
      const ref = p === 0 ? pick(REFERRERS) : undefined;
      add({ k: 'pv', url, nav: 'navigate', dev, vw, vh: 700, sw: vw, ...(s % 3 ? { nv: 1 } : {}), ...(ref ? { ref } : {}), ...(utm ? { utm: { s: utm } } : {}) });
      if (p === 0 && s % 4 === 0) add({ k: 'seg', traits: { plan: s % 8 ? 'pro' : 'free', beta: true } });
      for (let c = 0; c < Math.floor(rnd() * 6); c++) {
        const sel = pick(ELEMENTS);
        const pos = { sel, ox: Math.round(rnd() * 1000) / 1000, oy: Math.round(rnd() * 1000) / 1000, x: Math.floor(rnd() * vw), y: Math.floor(rnd() * 3000), ...(rnd() < 0.1 ? { fx: 1 } : {}) };
        add({ k: 'click', ...pos, sx: 0, sy: 0, vw, vh: 700, ...(sel === '#buy' ? { tp: 'buy' } : {}) });
        const f = rnd();
        if (f < 0.15) add({ k: 'rage', ...pos, n: 3 + Math.floor(rnd() * 3) });
        else if (f < 0.25) add({ k: 'dead', ...pos });
        else if (f < 0.3) add({ k: 'errclick', ...pos, msg: pick(['TypeError: x is undefined', "can't pay"]) });
        else if (f < 0.33) add({ k: 'disabled', ...pos });
      }
      if (rnd() < 0.6) add({ k: 'move', sel: pick(ELEMENTS), pts: Array.from({ length: 2 * (1 + Math.floor(rnd() * 5)) }, () => Math.floor(rnd() * 101)) });
      if (rnd() < 0.5) add({ k: 'hover', sel: pick(ELEMENTS), ms: 300 + Math.floor(rnd() * 3000) });
      if (rnd() < 0.4) add({ k: 'field', sel: "input[name='o''brien']", a: pick(['focus', 'blur', 'invalid', 'clear', 'refocus']), why: 'patternMismatch' });
      if (rnd() < 0.3) add({ k: 'vital', sel: pick(ELEMENTS), name: 'INP', val: Math.floor(rnd() * 800), r: pick(['good', 'poor']) });
      if (rnd() < 0.1) add({ k: 'err', msg: 'ReferenceError: y', src: '/app.js' });
      if (rnd() < 0.8) add({ k: 'scroll', d: Math.round(rnd() * 100) / 100, h: 1000 + Math.floor(rnd() * 3000) });
      batches.push({ v: 1, site: siteKey, sid, pv, bid: `${pv}.0`, sent: now, events } as unknown as Batch);
    }
  }
  // A retry of a batch already sent: nothing is stored twice.
  batches.push(batches[3]!);
  return batches;
}

/**
 * A journey whose rules overlap: two touchpoints on one element (one of them on one page only),
 * an element and a data-touchpoint name, a URL and a step, an element and a step; a stage with
 * no touchpoints; three funnels. What one event can reach twice, the queries must count as
 * DuckDB does.
 */
export const overlapJourney: JourneyDefinition = (() => {
  const r = checkJourney({
    stages: [{ id: 'discover' }, { id: 'browse' }, { id: 'buy' }, { id: 'empty' }, { id: 'after' }, { id: 'help' }],
    touchpoints: [
      { id: 'home', stage: 'discover', match: { url: '/' } },
      { id: 'promo', stage: 'discover', match: { touchpoint: 'promo', selector: '#banner' } },
      { id: 'product', stage: 'browse', match: { url: '/product/:id' } },
      { id: 'add', stage: 'browse', match: { selector: '#add' } },
      { id: 'add-7', stage: 'browse', match: { selector: '#add', url: '/product/7' } },
      { id: 'cart', stage: 'buy', match: { url: '/cart', step: 'checkout:cart' } },
      { id: 'ship', stage: 'buy', match: { step: 'checkout:shipping', url: '/checkout/*' } },
      { id: 'pay', stage: 'buy', match: { selector: "button[data-x='pay']", step: 'checkout:payment' }, momentOfTruth: true },
      { id: 'done', stage: 'after', match: { track: 'purchase' } },
      { id: 'ticket', stage: 'help', match: { touchpoint: 'ticket' } },
    ],
    funnels: [{ id: 'checkout', steps: ['cart', 'ship', 'pay', 'done'] }, { id: 'browse', steps: ['product', 'add', 'cart'] }, { id: 'promo', steps: ['promo', 'add-7'] }],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.journey;
})();

/**
 * Random sessions on `overlapJourney`, seeded: every event kind the journey queries read, many
 * at the same millisecond (ordered by id then, ids not in time order), sessions ended by an
 * `end` event, by being idle, or still going, server-side `tp` events with no page view. Page
 * views of a session have distinct times (a session's landing page — its source — is then one).
 */
export function overlapFixture(siteKey: string, now: number, sessions = 400): Batch[] {
  const rnd = random(21);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const URLS = ['/', '/product/7', '/product/8?x=1', '/cart', '/checkout/shipping', '/checkout/payment', '/about#x'];
  const SELS = ['#banner', '#add', "button[data-x='pay']", '#other'];
  const at = { ox: 0.5, oy: 0.5, x: 1, y: 1 };
  const batches: Batch[] = [];
  let n = 0;
  const id = () => `${pick(['a', 'b', 'A', 'z'])}${n++}`;
  for (let s = 0; s < sessions; s++) {
    const sid = `o${s}`;
    let t = now - Math.floor(rnd() * 3 * 3_600_000);
    const pages = 1 + Math.floor(rnd() * 5);
    for (let p = 0; p < pages; p++) {
      const events: Record<string, unknown>[] = [];
      const add = (e: Record<string, unknown>) => {
        if (rnd() > 0.15) t += Math.floor(rnd() * 3000);
        events.push({ id: id(), t, ...e });
      };
      t += 1 + Math.floor(rnd() * 1000);
      add({ k: 'pv', url: pick(URLS), nav: 'navigate', dev: pick(['d', 'm']), vw: pick([390, 1280]), vh: 700, sw: 1280, ...(rnd() < 0.3 ? { nv: 1 } : {}), ...(p === 0 && rnd() < 0.3 ? { utm: { s: 'news' } } : {}) });
      for (let e = Math.floor(rnd() * 8); e > 0; e--) {
        const f = rnd();
        const sel = pick(SELS);
        if (f < 0.25) add({ k: 'click', sel, ...at, sx: 0, sy: 0, vw: 1280, vh: 700, ...(rnd() < 0.2 ? { tp: pick(['promo', 'ticket', 'nope']) } : {}) });
        else if (f < 0.35) add({ k: 'step', f: 'checkout', s: pick(['cart', 'shipping', 'payment', 'confirm']) });
        else if (f < 0.45) add({ k: pick(['rage', 'dead', 'errclick', 'disabled']), sel, ...at, n: 3, msg: 'x' });
        else if (f < 0.5) add({ k: pick(['err', 'uturn', 'thrash', 'xscroll']), msg: 'e', src: '/a.js', url: '/cart', ms: 100, n: 20, x: 1, y: 1 });
        else if (f < 0.6) add({ k: 'field', sel: pick(['#email', '#zip', "input[name='o''b']"]), a: pick(['focus', 'blur', 'invalid', 'clear', 'refocus']), why: 'x' });
        else if (f < 0.65) add({ k: 'vital', ...(rnd() < 0.7 ? { sel: pick(['#add', '#x']) } : {}), name: pick(['INP', 'LCP']), val: 300, r: pick(['good', 'poor']) });
        else if (f < 0.7) add({ k: 'track', name: pick(['purchase', 'signup']), props: rnd() < 0.7 ? { value: Math.floor(rnd() * 200) / 4 } : {} });
        else if (f < 0.75) add({ k: 'tp', name: pick(['promo', 'ticket']) });
        else if (f < 0.8) add({ k: 'survey', q: 'csat', scale: 'csat', v: 1 + Math.floor(rnd() * 5), at: pick(['checkout:payment', 'ticket', 'home', 'pay', 'nowhere']), why: 'complete' });
        else add({ k: 'scroll', d: 0.5, h: 1000 });
      }
      if (p === pages - 1 && rnd() < 0.2) add({ k: 'end' });
      batches.push({ v: 1, site: siteKey, sid, pv: `${sid}-${p}`, bid: `${sid}-${p}.0`, sent: now, events } as unknown as Batch);
    }
    if (rnd() < 0.05) batches.push({ v: 1, site: siteKey, sid, pv: `crm-${s}`, bid: `crm-${s}.0`, sent: now, events: [{ id: `crm${n++}`, t: t + 1000, k: 'tp', name: 'ticket' }] } as unknown as Batch);
  }
  return batches;
}
