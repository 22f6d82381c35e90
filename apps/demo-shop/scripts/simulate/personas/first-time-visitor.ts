// A first-time visitor from a search or an ad, on a desktop: lands on a product (from search) or
// the home page (from an ad), reads — the FAQ, the care guide in a new tab, tries the size guide
// (which does nothing) — and hesitates. Sometimes leaves at payment.
import { leftAt, reached, type Friction, type Persona } from '../persona.ts';
import { someProducts } from './bargain-hunter.ts';

const TYPOS = ['SW1A 1AA', '1234'] as const;
const SEARCH = ['https://www.google.com/', 'https://duckduckgo.com/', 'https://www.bing.com/'] as const;

export interface FirstTimeVisitorChoices {
  /** From a search engine (a referrer, lands on a product) or an ad (utm, lands on the home page). */
  arrival: 'search' | 'ad';
  referrer: string;
  /** Products looked at; the last one goes in the cart. */
  products: number[];
  faq: boolean;
  sizeGuide: boolean;
  careGuide: boolean;
  /** Hesitation before deciding, ms. */
  hesitateMs: number;
  addsToCart: boolean;
  giftWrap: boolean;
  postcodeTypo: string | null;
  expressTaps: number;
  leavesAtShipping: boolean;
  leavesAtPayment: boolean;
  impatientPay: boolean;
}

export const firstTimeVisitor: Persona<FirstTimeVisitorChoices> = {
  id: 'first-time-visitor',
  label: 'First-time visitor from an ad / search',
  weight: 0.35,
  device: 'Desktop Chrome',
  returning: false,
  plan(rng) {
    const rage = rng.chance(0.2);
    return {
      arrival: rng.weighted({ search: 0.5, ad: 0.5 }),
      referrer: rng.pick(SEARCH),
      products: someProducts(rng, rng.int(1, 2)),
      faq: rng.chance(0.5),
      sizeGuide: rng.chance(0.35),
      careGuide: rng.chance(0.45),
      hesitateMs: rng.int(400, 900),
      addsToCart: rng.chance(0.7),
      giftWrap: rng.chance(0.2),
      postcodeTypo: rng.chance(0.2) ? rng.pick(TYPOS) : null,
      expressTaps: rage ? rng.int(3, 4) : 0,
      leavesAtShipping: rng.chance(rage ? 0.7 : 0.1),
      leavesAtPayment: rng.chance(0.3),
      impatientPay: rng.chance(0.3),
    };
  },
  outcome: (c) =>
    leftAt([
      ['browse', !c.addsToCart],
      ['shipping', c.leavesAtShipping],
      ['payment', c.leavesAtPayment],
    ]),
  frictions(c) {
    const o = this.outcome(c);
    const f: Friction[] = [];
    if (c.sizeGuide) f.push('size-guide-dead');
    if (reached(o, 'shipping') && c.postcodeTypo) f.push('postcode-invalid');
    if (reached(o, 'shipping') && c.expressTaps) f.push('express-rage');
    if (o.completed && c.impatientPay) f.push('slow-pay-rage');
    return f;
  },
  async run(s, c) {
    const [first, ...more] = c.products;
    if (c.arrival === 'search') {
      await s.open(`/product.html?id=${first}`, c.referrer);
    } else {
      await s.open('/?utm_source=google&utm_medium=cpc&utm_campaign=houseplants');
      await s.think(300, 600);
      await s.openProductFromGrid(first!);
    }
    for (const id of more) await s.open(`/product.html?id=${id}`);
    if (c.faq) await s.readFaq();
    if (c.sizeGuide) await s.pressSizeGuide();
    if (c.careGuide) await s.readCareGuide();
    await s.page.waitForTimeout(c.hesitateMs);
    if (!c.addsToCart) return s.leave();
    await s.addToCart();
    await s.goToCart();
    if (c.giftWrap) await s.giftWrap();
    await s.startCheckout();
    await s.fillShipping(c.postcodeTypo);
    if (c.expressTaps) await s.rageExpressDelivery(c.expressTaps);
    if (c.leavesAtShipping) return s.leave();
    await s.continueToPayment();
    await s.think(400, 800);
    if (c.leavesAtPayment) return s.leave();
    await s.fillCard();
    await s.pay(c.impatientPay);
  },
};
