import { describe, expect, it } from 'vitest';
import { funnelEnds } from './journey-next.ts';
import { painPointsOf } from './journey-report.ts';

const journey = {
  stages: [{ id: 'decision' }, { id: 'support' }],
  touchpoints: [
    { id: 'pay', stage: 'decision', match: { step: 'pay' } },
    { id: 'done', stage: 'decision', match: { step: 'done' } },
    { id: 'help', stage: 'support', match: { touchpoint: 'help' } },
  ],
  funnels: [{ id: 'checkout', steps: ['pay', 'done'] }],
};

describe('journey report', () => {
  it("a funnel's end is no other funnel's step: it is the conversion, with no pain points of its own", () => {
    expect([...funnelEnds(journey as never)]).toEqual(['done']);
    expect([...funnelEnds({ ...journey, funnels: [...journey.funnels, { id: 'f2', steps: ['done', 'help'] }] } as never)]).toEqual(['help']);
    const rows = {
      pairs: [
        { tp: 'pay', kind: 'dead', sel: null, affected: 40, converted: 10 },
        { tp: 'done', kind: 'dead', sel: null, affected: 40, converted: 20 },
      ],
      reach: [
        { tp: 'pay', reached: 100, converted: 58 },
        { tp: 'done', reached: 80, converted: 20 },
      ],
      elements: [],
      exits: [],
      orders: [{ mean: null }],
    };
    const all = (p: ReturnType<typeof painPointsOf>) => [...p.ranked, ...p.notEnoughData].map((x) => x.touchpoint);
    expect(all(painPointsOf(rows, new Set()))).toEqual(['pay', 'done']);
    expect(all(painPointsOf(rows, funnelEnds(journey as never)))).toEqual(['pay']);
  });
});
