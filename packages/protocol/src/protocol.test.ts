import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../../sdk/src/buffer/batches.ts';
import { Batch, LIMITS, PROTOCOL_VERSION } from './index.ts';

const pos = { sel: '#pay', ox: 0.5, oy: 0.25, x: 100, y: 200 };
const events = [
  { id: 'p.0', t: 1, k: 'pv', url: '/cart', nav: 'navigate', vw: 1280, vh: 800, sw: 1920, dev: 'd', nv: 1 },
  { id: 'p.1', t: 2, k: 'click', ...pos, sx: 0, sy: 0, vw: 1280, vh: 800, tx: 'Pay', tp: 'pay' },
  { id: 'p.2', t: 3, k: 'rage', ...pos, n: 4 },
  { id: 'p.3', t: 4, k: 'dead', ...pos, fx: 1 },
  { id: 'p.4', t: 5, k: 'errclick', ...pos, msg: 'TypeError: x' },
  { id: 'p.5', t: 6, k: 'field', sel: 'input[name="postcode"]', a: 'invalid', why: 'patternMismatch' },
  { id: 'p.6', t: 7, k: 'move', sel: 'main', pts: [1, 2, 100, 0] },
  { id: 'p.7', t: 8, k: 'vital', name: 'INP', val: 120, r: 'good', sel: '#pay' },
  { id: 'p.8', t: 9, k: 'track', name: 'purchase', props: { value: 42 } },
  { id: 'p.9', t: 10, k: 'step', f: 'checkout', s: 'payment' },
];
const batch = { v: PROTOCOL_VERSION, site: 'demo', sid: 's', pv: 'p', bid: 'l.0', sent: 11, events };

describe('Batch schema', () => {
  it('accepts a batch of every common kind', () => {
    const r = v.safeParse(Batch, batch);
    expect(r.issues).toBeUndefined();
    expect(r.success).toBe(true);
  });
  it('names the field that is wrong', () => {
    const r = v.safeParse(Batch, { ...batch, events: [{ ...events[1], ox: 'left' }] });
    expect(r.success).toBe(false);
    expect(v.getDotPath(r.issues![0]!)).toBe('events.0.ox');
  });
  it('refuses unknown kinds, empty batches and other versions', () => {
    expect(v.safeParse(Batch, { ...batch, events: [{ id: 'x', t: 1, k: 'keystroke', key: 'a' }] }).success).toBe(false);
    expect(v.safeParse(Batch, { ...batch, events: [] }).success).toBe(false);
    expect(v.safeParse(Batch, { ...batch, v: 2 }).success).toBe(false);
  });
  it('refuses oversized selectors', () => {
    const long = { ...events[2], sel: 'a'.repeat(LIMITS.selector + 1) };
    expect(v.safeParse(Batch, { ...batch, events: [long] }).success).toBe(false);
  });
  it('the SDK batches within the limits the collector enforces', () => {
    expect(MAX_BATCH_EVENTS).toBe(LIMITS.batchEvents);
    expect(MAX_BATCH_BYTES).toBe(LIMITS.batchBytes);
  });
});

describe('number ranges', () => {
  it('refuses numbers storage cannot hold: coordinates beyond 32 bits, negative times', () => {
    expect(v.safeParse(Batch, { ...batch, events: [{ ...events[1], x: 2 ** 40 }] }).success).toBe(false);
    expect(v.safeParse(Batch, { ...batch, events: [{ ...events[1], t: -1 }] }).success).toBe(false);
    expect(v.safeParse(Batch, { ...batch, events: [{ ...events[1], x: -5 }] }).success).toBe(true);
  });
});

describe('survey answers', () => {
  const answer = { id: 'p.a', t: 12, k: 'survey', q: 'checkout-csat', scale: 'csat', v: 4, at: 'checkout:confirmation', why: 'complete' };
  const with_ = (o: object) => v.safeParse(Batch, { ...batch, events: [{ ...answer, ...o }] }).success;
  it('accepts an answer on either scale, for each reason', () => {
    expect(with_({})).toBe(true);
    expect(with_({ scale: 'emoji', v: 1, at: 'pricing-cta', why: 'touchpoint' })).toBe(true);
    expect(with_({ v: 5, why: 'abandon' })).toBe(true);
  });
  it('refuses answers outside 1–5, fractions, unknown scales and reasons', () => {
    expect(with_({ v: 0 })).toBe(false);
    expect(with_({ v: 6 })).toBe(false);
    expect(with_({ v: 2.5 })).toBe(false);
    expect(with_({ scale: 'nps' })).toBe(false);
    expect(with_({ why: 'dismiss' })).toBe(false);
    expect(with_({ at: 'x'.repeat(LIMITS.name + 1) })).toBe(false);
    const { q: _, ...noQuestion } = answer;
    expect(v.safeParse(Batch, { ...batch, events: [noQuestion] }).success).toBe(false);
  });
});
