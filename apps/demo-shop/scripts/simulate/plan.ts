// The whole run decided up front from the seed: which persona each session is, its choices, when
// (on the shop's clock) it happens and whose browser state a returning customer reuses. Pure,
// so it is unit-tested and a seed replays the same run.
import type { Outcome, Persona, Friction } from './persona.ts';
import { PERSONAS } from './personas/index.ts';
import { createRng, hashSeed } from './rng.ts';

const MINUTE = 60_000;
/** The collector counts a session as ended — and so able to abandon — after 30 idle minutes. */
export const SESSION_IDLE_MS = 30 * MINUTE;
/** The latest session is set this far in the past, so every simulated session has ended when the run does. */
export const NEWEST_AGO_MS = SESSION_IDLE_MS + MINUTE;
/** The sessions are spread over about a day before that, at most this far apart. */
export const SPREAD_MS = 24 * 60 * MINUTE;
export const MAX_GAP_MS = 45 * MINUTE;

export interface SessionPlan {
  index: number;
  persona: Persona<unknown>;
  choices: unknown;
  outcome: Outcome;
  frictions: Friction[];
  /** How far in the past the session's browser clock is set (ms before the real time it runs at). */
  agoMs: number;
  /** A returning customer: the earlier session whose browser state (storage) it continues in. */
  reuses?: number;
  /** Whether a later session reuses this one's browser state. */
  reusedLater: boolean;
}

export function planRun(opts: { sessions: number; seed: number | string; personas?: readonly Persona<any>[] }): SessionPlan[] {
  const personas = opts.personas ?? PERSONAS;
  const n = opts.sessions;
  const pickRng = createRng(hashSeed(opts.seed, 'personas'));
  const weights = Object.fromEntries(personas.map((p) => [p.id, p.weight]));
  const gap = Math.min(MAX_GAP_MS, Math.floor(SPREAD_MS / Math.max(1, n)));
  const plans: SessionPlan[] = [];
  for (let i = 0; i < n; i++) {
    const id = pickRng.weighted(weights);
    const persona = personas.find((p) => p.id === id)!;
    // Each session has its own stream: its choices do not shift when another persona's plan changes.
    const choices = persona.plan(createRng(hashSeed(opts.seed, 'session', i)));
    plans.push({
      index: i,
      persona,
      choices,
      outcome: persona.outcome(choices),
      frictions: persona.frictions(choices),
      agoMs: NEWEST_AGO_MS + (n - 1 - i) * gap,
      reusedLater: false,
    });
  }
  // A returning customer continues the browser of an earlier customer who bought, on the same
  // kind of device, at least 30 minutes earlier on the shop's clock (else the SDK would carry on
  // that visitor's session instead of starting a new one). Each earlier browser is reused once.
  for (const p of plans) {
    if (!p.persona.returning) continue;
    const earlier = plans
      .slice(0, p.index)
      .reverse()
      .find((q) => q.outcome.completed && !q.reusedLater && q.persona.device === p.persona.device && q.agoMs - p.agoMs >= SESSION_IDLE_MS + MINUTE);
    if (earlier) {
      p.reuses = earlier.index;
      earlier.reusedLater = true;
    }
  }
  return plans;
}
