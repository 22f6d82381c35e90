import { describe, expect, test } from 'vitest';
import { reached, type Friction, type Step } from './persona.ts';
import type { BargainHunterChoices } from './personas/bargain-hunter.ts';
import { NEWEST_AGO_MS, SESSION_IDLE_MS, planRun, type SessionPlan } from './plan.ts';

const summary = (plans: SessionPlan[]) => plans.map((p) => [p.persona.id, p.choices, p.outcome, p.agoMs, p.reuses]);
const BIG = planRun({ sessions: 20_000, seed: 'rates' });
const of = (id: string) => BIG.filter((p) => p.persona.id === id);
const share = (plans: SessionPlan[], pred: (p: SessionPlan) => boolean) => plans.filter(pred).length / plans.length;
const leftAt = (step: Step) => (p: SessionPlan) => !p.outcome.completed && p.outcome.abandonedAt === step;

describe('planRun', () => {
  test('the same seed plans the same run; another seed, another run', () => {
    expect(summary(planRun({ sessions: 50, seed: 7 }))).toEqual(summary(planRun({ sessions: 50, seed: 7 })));
    expect(summary(planRun({ sessions: 50, seed: 7 }))).not.toEqual(summary(planRun({ sessions: 50, seed: 8 })));
  });

  test('a session plans the same whatever the number of sessions after it', () => {
    expect(summary(planRun({ sessions: 10, seed: 3 })).map((s) => s.slice(0, 3))).toEqual(
      summary(planRun({ sessions: 40, seed: 3 }).slice(0, 10)).map((s) => s.slice(0, 3)),
    );
  });

  test('personas come in their weights: 40% bargain hunters, 25% returning customers, 35% first-time visitors', () => {
    expect(share(BIG, (p) => p.persona.id === 'bargain-hunter')).toBeCloseTo(0.4, 1.5);
    expect(share(BIG, (p) => p.persona.id === 'returning-customer')).toBeCloseTo(0.25, 1.5);
    expect(share(BIG, (p) => p.persona.id === 'first-time-visitor')).toBeCloseTo(0.35, 1.5);
  });

  test('each persona behaves as described', () => {
    const bargain = of('bargain-hunter');
    // Often abandons at shipping, mostly after raging at express delivery.
    expect(share(bargain, leftAt('shipping'))).toBeGreaterThan(0.3);
    expect(share(bargain, (p) => p.outcome.completed)).toBeGreaterThan(0.2);
    expect(share(bargain, (p) => p.outcome.completed)).toBeLessThan(0.45);
    const returning = of('returning-customer');
    expect(share(returning, (p) => p.outcome.completed)).toBeGreaterThan(0.7);
    expect(share(returning, (p) => p.frictions.includes('saved-card-dead'))).toBeCloseTo(0.4, 1);
    const first = of('first-time-visitor');
    expect(share(first, leftAt('payment'))).toBeGreaterThan(0.12);
    expect(share(first, (p) => p.frictions.includes('size-guide-dead'))).toBeCloseTo(0.35, 1);
    // Overall: a plausible shop, where about half the visitors buy.
    expect(share(BIG, (p) => p.outcome.completed)).toBeGreaterThan(0.4);
    expect(share(BIG, (p) => p.outcome.completed)).toBeLessThan(0.6);
  });

  test('the stepper is used as intended: never pressed down past 1', () => {
    for (const p of of('bargain-hunter')) {
      const c = p.choices as BargainHunterChoices;
      expect(c.minus).toBeLessThanOrEqual(c.plus);
    }
  });

  test('frictions are only those on the path taken', () => {
    for (const p of BIG) {
      if (p.frictions.includes('express-rage') || p.frictions.includes('postcode-invalid')) expect(reached(p.outcome, 'shipping')).toBe(true);
      if (p.frictions.includes('saved-card-dead')) expect(reached(p.outcome, 'payment')).toBe(true);
      if (p.frictions.includes('slow-pay-rage')) expect(p.outcome.completed).toBe(true);
    }
  });

  test('the planted express-delivery rage at shipping costs the most orders', () => {
    // Sessions lost as the journey model counts them: (conversion without − conversion with) × sessions with.
    const at: Record<Friction, Step> = {
      'express-rage': 'shipping',
      'postcode-invalid': 'shipping',
      'saved-card-dead': 'payment',
      'slow-pay-rage': 'payment',
      'coupon-error': 'cart',
      'size-guide-dead': 'browse',
    };
    const lost = Object.fromEntries(
      (Object.keys(at) as Friction[]).map((f) => {
        const there = BIG.filter((p) => reached(p.outcome, at[f]));
        const a = there.filter((p) => p.frictions.includes(f));
        const u = there.filter((p) => !p.frictions.includes(f));
        return [f, (share(u, (p) => p.outcome.completed) - share(a, (p) => p.outcome.completed)) * a.length];
      }),
    );
    const ranked = Object.entries(lost).sort((x, y) => y[1] - x[1]);
    expect(ranked[0]![0]).toBe('express-rage');
    expect(lost['saved-card-dead']).toBeGreaterThan(0);
    // Share of sessions raging at express delivery: common, not universal.
    expect(share(BIG, (p) => p.frictions.includes('express-rage'))).toBeGreaterThan(0.15);
    expect(share(BIG, (p) => p.frictions.includes('express-rage'))).toBeLessThan(0.35);
  });

  test("sessions are dated in the past, newest over 30 minutes ago, oldest within about a day", () => {
    const plans = planRun({ sessions: 30, seed: 1 });
    expect(plans.at(-1)!.agoMs).toBe(NEWEST_AGO_MS);
    expect(NEWEST_AGO_MS).toBeGreaterThan(SESSION_IDLE_MS);
    for (let i = 1; i < plans.length; i++) expect(plans[i]!.agoMs).toBeLessThan(plans[i - 1]!.agoMs);
    expect(plans[0]!.agoMs).toBeLessThanOrEqual(NEWEST_AGO_MS + 24 * 3_600_000);
  });

  test('returning customers continue the browser of an earlier customer who bought, on a desktop, over 30 minutes earlier', () => {
    for (const n of [30, 2000]) {
      const plans = planRun({ sessions: n, seed: 5 });
      const reusing = plans.filter((p) => p.reuses !== undefined);
      expect(reusing.length).toBeGreaterThan(0);
      const used = new Set<number>();
      for (const p of reusing) {
        const q = plans[p.reuses!]!;
        expect(p.persona.returning).toBe(true);
        expect(q.index).toBeLessThan(p.index);
        expect(q.outcome.completed).toBe(true);
        expect(q.persona.device).toBe(p.persona.device);
        expect(q.agoMs - p.agoMs).toBeGreaterThan(SESSION_IDLE_MS);
        expect(q.reusedLater).toBe(true);
        expect(used.has(q.index)).toBe(false);
        used.add(q.index);
      }
      expect(plans.filter((p) => p.reusedLater).length).toBe(reusing.length);
    }
  });
});
