import type { PainPoint } from '@touchmap/journey';
import { describe, expect, it } from 'vitest';
import { foldPainPoints } from './fold-pains.ts';

const pain = (touchpoint: string, kind: string, affected: number, sel?: string) => ({ touchpoint, kind, affected, ...(sel ? { sel } : {}) }) as PainPoint;

describe('foldPainPoints', () => {
  it("leaves out a kind's entry that one element's entry covers, and keeps the rest", () => {
    const list = [
      pain('shipping', 'rage', 6),
      pain('shipping', 'rage', 6, '#express'),
      pain('cart', 'dead', 5),
      pain('cart', 'dead', 3, '#coupon'),
      pain('cart', 'dead', 2, '#remove'),
      pain('payment', 'rage', 4),
    ];
    expect(foldPainPoints(list).map((p) => `${p.touchpoint} ${p.kind} ${p.sel ?? '*'}`)).toEqual([
      'shipping rage #express',
      'cart dead *',
      'cart dead #coupon',
      'cart dead #remove',
      'payment rage *',
    ]);
  });
});
