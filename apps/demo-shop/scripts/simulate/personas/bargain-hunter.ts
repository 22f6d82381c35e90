// A bargain hunter on a phone: arrives from a social ad (utm), flicks through the promo carousel,
// compares a few products, plays with the quantity, tries a coupon. Price-sensitive and easily put
// off: the express-delivery chip that does nothing gets tapped again and again, and then they
// often leave at shipping.
import { leftAt, reached, type Friction, type Persona } from '../persona.ts';
import type { Rng } from '../rng.ts';

const CAMPAIGNS = ['autumn-sale', 'free-shipping', 'plant-parents'] as const;
const TYPOS = ['12 345', '1234', 'SW1A 1AA'] as const;

export interface BargainHunterChoices {
  campaign: string;
  /** Carousel slides flicked through on the home page. */
  carousel: number;
  /** Products looked at, in order; the last is the one put in the cart. */
  products: number[];
  plus: number;
  minus: number;
  addsToCart: boolean;
  coupon: boolean;
  leavesAfterCoupon: boolean;
  /** The postcode as first typed, or null when typed right. */
  postcodeTypo: string | null;
  /** Taps on express delivery (0: leaves it alone). */
  expressTaps: number;
  leavesAtShipping: boolean;
  impatientPay: boolean;
  leavesAtPayment: boolean;
}

/** Distinct product ids 1–6, `n` of them. */
export function someProducts(rng: Rng, n: number): number[] {
  const ids = [1, 2, 3, 4, 5, 6];
  const out: number[] = [];
  while (out.length < n) out.push(ids.splice(rng.int(0, ids.length - 1), 1)[0]!);
  return out;
}

export const bargainHunter: Persona<BargainHunterChoices> = {
  id: 'bargain-hunter',
  label: 'Bargain hunter on a phone',
  weight: 0.4,
  device: 'Pixel 7',
  returning: false,
  plan(rng) {
    const plus = rng.chance(0.6) ? rng.int(1, 3) : 0;
    const coupon = rng.chance(0.4);
    const rage = rng.chance(0.55);
    return {
      campaign: rng.pick(CAMPAIGNS),
      carousel: rng.chance(0.6) ? rng.int(1, 3) : 0,
      products: someProducts(rng, rng.int(2, 3)),
      plus,
      minus: plus > 0 && rng.chance(0.4) ? rng.int(1, plus) : 0,
      addsToCart: rng.chance(0.8),
      coupon,
      leavesAfterCoupon: rng.chance(0.25) && coupon,
      postcodeTypo: rng.chance(0.3) ? rng.pick(TYPOS) : null,
      expressTaps: rage ? rng.int(3, 5) : 0,
      // Tapping a chip that does nothing, on a phone, over delivery costs: most give up.
      leavesAtShipping: rng.chance(rage ? 0.8 : 0.15),
      impatientPay: rng.chance(0.5),
      leavesAtPayment: rng.chance(0.1),
    };
  },
  outcome: (c) =>
    leftAt([
      ['browse', !c.addsToCart],
      ['cart', c.leavesAfterCoupon],
      ['shipping', c.leavesAtShipping],
      ['payment', c.leavesAtPayment],
    ]),
  frictions(c) {
    const o = this.outcome(c);
    const f: Friction[] = [];
    if (reached(o, 'cart') && c.coupon) f.push('coupon-error');
    if (reached(o, 'shipping') && c.postcodeTypo) f.push('postcode-invalid');
    if (reached(o, 'shipping') && c.expressTaps) f.push('express-rage');
    if (o.completed && c.impatientPay) f.push('slow-pay-rage');
    return f;
  },
  async run(s, c) {
    await s.open(`/?utm_source=facebook&utm_medium=paid_social&utm_campaign=${c.campaign}`);
    await s.browseCarousel(c.carousel);
    // The first product from the grid, the next ones by link (not back through the grid: a quick
    // return to the page before counts as a u-turn).
    const [first, ...more] = c.products;
    await s.openProductFromGrid(first!);
    for (const id of more) await s.open(`/product.html?id=${id}`);
    await s.stepQuantity(c.plus, c.minus);
    if (!c.addsToCart) return s.leave();
    await s.addToCart();
    await s.goToCart();
    if (c.coupon) await s.tryCoupon(c.campaign.toUpperCase().replace(/-/g, ''));
    if (c.leavesAfterCoupon) return s.leave();
    await s.startCheckout();
    await s.fillShipping(c.postcodeTypo);
    if (c.expressTaps) await s.rageExpressDelivery(c.expressTaps);
    if (c.leavesAtShipping) return s.leave();
    await s.continueToPayment();
    await s.fillCard();
    if (c.leavesAtPayment) return s.leave();
    await s.pay(c.impatientPay);
  },
};
