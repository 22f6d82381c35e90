// What every persona module provides: who they are, what they choose (drawn from the session's
// seeded stream, no browser needed, so the choices are unit-tested) and how they act them out.
import type { Rng } from './rng.ts';
import type { Shopper } from './steps.ts';

/** Where a visitor who does not buy leaves: before the cart (browsing only), or at a checkout step. */
export const STEPS = ['browse', 'cart', 'shipping', 'payment'] as const;
export type Step = (typeof STEPS)[number];

/** How a session ends. */
export type Outcome = { completed: true } | { completed: false; abandonedAt: Step };

/** The planted frictions a session runs into (apps/demo-shop/README.md, "Planted friction"). */
export const FRICTIONS = ['express-rage', 'saved-card-dead', 'slow-pay-rage', 'coupon-error', 'postcode-invalid', 'size-guide-dead'] as const;
export type Friction = (typeof FRICTIONS)[number];

export interface Persona<C = unknown> {
  id: string;
  /** Shown in the summary. */
  label: string;
  /** Relative share of the simulated sessions. */
  weight: number;
  /** A Playwright device name (`devices[…]`): viewport, user agent, touch. */
  device: string;
  /** Whether the visit reuses an earlier simulated customer's browser state (a returning visitor). */
  returning: boolean;
  /** The session's choices, all drawn up front from its own stream. */
  plan(rng: Rng): C;
  /** Where these choices lead. */
  outcome(choices: C): Outcome;
  /** The planted frictions these choices run into (only those on the path actually taken). */
  frictions(choices: C): Friction[];
  /** Acts the choices out in the shop. Throws if the shop does not behave as expected. */
  run(shopper: Shopper, choices: C): Promise<void>;
}

/** A helper for persona modules: `outcome` from the first step at which the visitor leaves. */
export function leftAt(steps: [Step, boolean][]): Outcome {
  for (const [step, leaves] of steps) if (leaves) return { completed: false, abandonedAt: step };
  return { completed: true };
}

/** The steps a session reached, in order, up to where it left (for `frictions`). */
export function reached(outcome: Outcome, step: Step | 'confirmation'): boolean {
  const order = [...STEPS, 'confirmation'];
  const last = outcome.completed ? 'confirmation' : outcome.abandonedAt;
  return order.indexOf(step) <= order.indexOf(last);
}
