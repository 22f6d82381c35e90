import type { Funnel } from './definition.ts';
import type { SessionFacts } from './facts.ts';
import type { Hit } from './match.ts';
import { median, top } from './stats.ts';

export interface FunnelStep {
  touchpoint: string;
  /** Sessions that reached this step after the previous one. */
  reach: number;
  /** Share of this step's sessions that reached the next (null for the last). */
  conversion: number | null;
  /** Median ms from this step to the next, over sessions that made it. */
  medianMsToNext: number | null;
  /** Sessions that reached this step and not the next (null for the last). */
  dropOff: number | null;
  /** Of those, sessions that ended there: abandoned at this step. */
  abandoned: number;
  /** What the abandoned sessions did last: field touched, signals after reaching the step, exit page. */
  evidence: {
    lastFields: { sel: string; n: number }[];
    signals: { kind: string; sel?: string; n: number }[];
    exitPages: { url: string; n: number }[];
  };
}

export interface FunnelReport {
  id: string;
  name?: string;
  /** Sessions that entered (reached the first step). */
  entered: number;
  /** Sessions that reached the goal (last step). */
  completed: number;
  steps: FunnelStep[];
}

/**
 * How far a session went: the steps it reached in order — step k counts only when reached at
 * or after step k−1 — with the hit that reached each.
 */
export function progress(funnel: Funnel, hits: Hit[]): Hit[] {
  const reached: Hit[] = [];
  for (const step of funnel.steps) {
    const after = reached[reached.length - 1];
    const hit = hits.find((h) => h.touchpoint === step && (!after || h.index >= after.index));
    if (!hit) break;
    reached.push(hit);
  }
  return reached;
}

/**
 * Funnel progress and abandonment over sessions. A session that reached step k and not k+1
 * before it ended abandoned at k; sessions still going are counted in reach, never as
 * abandoned. Evidence: the last form field the abandoned session touched, the friction signals
 * it hit after reaching its last step, and the page it left from.
 */
export function funnelReport(funnel: Funnel, facts: SessionFacts[]): FunnelReport {
  const runs = facts.map((f) => ({ f, reached: progress(funnel, f.hits) }));
  const steps: FunnelStep[] = funnel.steps.map((touchpoint, k) => {
    const here = runs.filter((r) => r.reached.length > k);
    const next = here.filter((r) => r.reached.length > k + 1);
    const last = k === funnel.steps.length - 1;
    const abandoned = last ? [] : here.filter((r) => r.reached.length === k + 1 && r.f.ended);
    const signals = abandoned.flatMap((r) => r.f.signals.filter((s) => s.index >= r.reached[k]!.index).map((s) => `${s.kind}\u0000${s.sel ?? ''}`));
    return {
      touchpoint,
      reach: here.length,
      conversion: last ? null : here.length ? next.length / here.length : 0,
      medianMsToNext: last ? null : median(next.map((r) => r.reached[k + 1]!.t - r.reached[k]!.t)),
      dropOff: last ? null : here.length - next.length,
      abandoned: abandoned.length,
      evidence: {
        lastFields: top(abandoned.flatMap((r) => r.f.lastField ?? [])).map((x) => ({ sel: x.value, n: x.n })),
        signals: top(signals).map((x) => {
          const [kind, sel] = x.value.split('\u0000') as [string, string];
          return sel ? { kind, sel, n: x.n } : { kind, n: x.n };
        }),
        exitPages: top(abandoned.flatMap((r) => r.f.exitUrl ?? [])).map((x) => ({ url: x.value, n: x.n })),
      },
    };
  });
  return { id: funnel.id, ...(funnel.name ? { name: funnel.name } : {}), entered: steps[0]!.reach, completed: steps[steps.length - 1]!.reach, steps };
}
