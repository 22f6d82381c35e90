import type { Batch } from '@touchmap/protocol';

/** A small seeded PRNG (mulberry32): the same fixture on every run and every engine. */
function random(seed: number) {
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
