// A returning customer on a desktop: knows what they want, goes straight to the product, buys.
// Usually completes; sometimes tries "Use a saved card", which does nothing (a dead click), and
// some of those give up at payment. Reuses an earlier simulated customer's browser state, so the
// shop (and touchmap) sees a returning visitor.
import { leftAt, reached, type Friction, type Persona } from '../persona.ts';

export interface ReturningCustomerChoices {
  product: number;
  plus: number;
  /** Presses "Use a saved card" (planted dead click). */
  savedCard: boolean;
  leavesAfterSavedCard: boolean;
  /** Taps on express delivery (0: leaves it alone; regulars mostly know it is never available). */
  expressTaps: number;
  leavesAtShipping: boolean;
  impatientPay: boolean;
  leavesAtPayment: boolean;
}

export const returningCustomer: Persona<ReturningCustomerChoices> = {
  id: 'returning-customer',
  label: 'Returning customer on a desktop',
  weight: 0.25,
  device: 'Desktop Chrome',
  returning: true,
  plan(rng) {
    const savedCard = rng.chance(0.4);
    const rage = rng.chance(0.1);
    return {
      product: rng.int(1, 6),
      plus: rng.chance(0.25) ? 1 : 0,
      savedCard,
      leavesAfterSavedCard: rng.chance(0.35) && savedCard,
      expressTaps: rage ? 3 : 0,
      leavesAtShipping: rng.chance(rage ? 0.5 : 0.03),
      impatientPay: rng.chance(0.2),
      leavesAtPayment: rng.chance(0.03),
    };
  },
  outcome: (c) =>
    leftAt([
      ['shipping', c.leavesAtShipping],
      ['payment', c.leavesAfterSavedCard || c.leavesAtPayment],
    ]),
  frictions(c) {
    const o = this.outcome(c);
    const f: Friction[] = [];
    if (c.expressTaps) f.push('express-rage');
    if (reached(o, 'payment') && c.savedCard) f.push('saved-card-dead');
    if (o.completed && c.impatientPay) f.push('slow-pay-rage');
    return f;
  },
  async run(s, c) {
    await s.open(`/product.html?id=${c.product}`);
    await s.stepQuantity(c.plus, 0);
    await s.addToCart();
    await s.follow('view-cart', '**/cart.html');
    await s.startCheckout();
    await s.fillShipping(null);
    if (c.expressTaps) await s.rageExpressDelivery(c.expressTaps);
    if (c.leavesAtShipping) return s.leave();
    await s.continueToPayment();
    if (c.savedCard) await s.pressSavedCard();
    if (c.leavesAfterSavedCard || c.leavesAtPayment) return s.leave();
    await s.fillCard();
    await s.pay(c.impatientPay);
  },
};
