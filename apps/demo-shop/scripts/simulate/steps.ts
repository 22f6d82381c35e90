// What a simulated shopper does on the demo shop, step by step: the actions the personas are
// written in. Selectors are the shop's data-testids (apps/demo-shop/README.md). Waits are kept
// short, except where touchmap needs time to see a signal: a dead click is only reported when
// nothing reacts for 2.5 s after it, and a rage burst is settled 1 s after its last click.
import type { BrowserContext, Page } from '@playwright/test';
import type { Rng } from './rng.ts';

/** Quiet time after a click on something that does nothing, so the SDK can call it dead (2.5 s + margin). */
export const DEAD_CLICK_WAIT_MS = 2700;
/** Time after a burst of clicks before the next action, so the SDK settles it as rage (1 s window + margin). */
export const RAGE_SETTLE_MS = 1150;
/** A valid postcode: the shop takes exactly five digits. */
export const POSTCODE = '12345';

type TouchmapApi = { touchmap?: { _loaded?: 1; flush?: () => Promise<void> } };

/** A shopper in one browser context (one visitor): the page, and the actions personas use. */
export class Shopper {
  page!: Page;
  /** The last action begun, named in the error when a session fails. */
  doing = 'start';

  constructor(
    readonly context: BrowserContext,
    /** The shop's origin, e.g. http://127.0.0.1:5174 */
    readonly shop: string,
    /** Think times come from the session's stream too, so a seed replays them. */
    readonly rng: Rng,
    /** Phones tap; desktops click. */
    readonly touch: boolean,
  ) {}

  async start(): Promise<void> {
    this.page = await this.context.newPage();
  }

  /** A pause of `min`–`max` ms: reading, deciding. */
  think(min = 80, max = 200): Promise<void> {
    return this.page.waitForTimeout(this.rng.int(min, max));
  }

  /** Opens `path` (a page load) and waits until touchmap runs on it. */
  async open(path: string, referer?: string): Promise<void> {
    this.doing = `open ${path}`;
    await this.page.goto(new URL(path, this.shop).href, referer ? { referer } : {});
    await this.sdkReady();
    await this.think();
  }

  async sdkReady(page: Page = this.page): Promise<void> {
    await page.waitForFunction(() => (window as unknown as TouchmapApi).touchmap?._loaded === 1, undefined, { timeout: 10_000 });
    // The SDK starts in a few zero-timer tasks (packages/sdk/src/tracker.ts); wait them out.
    await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r));
    });
  }

  /** One tap or click on the element with `testid`. */
  async press(testid: string): Promise<void> {
    this.doing = `${this.touch ? 'tap' : 'click'} ${testid} on ${new URL(this.page.url()).pathname}`;
    const el = this.page.getByTestId(testid).first();
    if (this.touch) await el.tap();
    else await el.click();
  }

  /** Clicks that follow a link to another page load, and waits for touchmap there. */
  async follow(testid: string, url: string | RegExp): Promise<void> {
    await Promise.all([this.page.waitForURL(url), this.press(testid)]);
    await this.sdkReady();
    await this.think();
  }

  /** The home page's promo carousel, `times` slides forward: each press visibly moves it. */
  async browseCarousel(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await this.press('carousel-next');
      await this.think(300, 500);
    }
  }

  /** From the catalogue grid to product `id`. */
  async openProductFromGrid(id: number): Promise<void> {
    await this.follow(`product-link-${id}`, `**/product.html?id=${id}`);
  }

  /**
   * The quantity stepper, used as intended: `plus` presses up, then `minus` (≤ plus) down, so it
   * never presses against a bound (a clamped press changes nothing and would look dead).
   */
  async stepQuantity(plus: number, minus: number): Promise<void> {
    for (let i = 0; i < plus; i++) {
      await this.press('qty-plus');
      await this.think(150, 300);
    }
    for (let i = 0; i < Math.min(minus, plus); i++) {
      await this.press('qty-minus');
      await this.think(150, 300);
    }
  }

  async addToCart(): Promise<void> {
    await this.press('add-to-cart');
    await this.page.getByTestId('added-message').waitFor({ state: 'visible' });
    await this.think(150, 300);
  }

  /** Opens the product's FAQ (a <details>) and reads it. */
  async readFaq(): Promise<void> {
    await this.press('faq');
    await this.think(400, 700);
  }

  /** Planted: "Size guide" looks like a button and does nothing; the shopper waits, puzzled. */
  async pressSizeGuide(): Promise<void> {
    await this.deadClick('size-guide');
  }

  /** The care guide opens in a new tab: read it (a little scrolling), then close the tab. */
  async readCareGuide(): Promise<void> {
    const [tab] = await Promise.all([this.context.waitForEvent('page'), this.press('care-guide')]);
    await tab.waitForLoadState();
    await this.sdkReady(tab);
    for (let i = 0; i < 2; i++) {
      await tab.mouse.wheel(0, 400);
      await tab.waitForTimeout(this.rng.int(200, 350));
    }
    await flush(tab);
    await tab.close();
    await this.page.bringToFront();
    await this.think();
  }

  /** The header's cart link. */
  async goToCart(): Promise<void> {
    await this.follow('cart-link', '**/cart.html');
  }

  async giftWrap(): Promise<void> {
    await this.page.getByTestId('gift-wrap').check();
    await this.think();
  }

  /** Planted: "Apply coupon" throws (coupon service unavailable) and nothing is shown. */
  async tryCoupon(code: string): Promise<void> {
    await this.page.getByTestId('coupon').fill(code);
    await this.think(200, 400);
    await this.press('apply-coupon');
    await this.think(600, 900);
  }

  /** The cart's checkout button to the client-routed shipping step. */
  async startCheckout(): Promise<void> {
    await this.follow('checkout', '**/checkout/shipping');
    // Reading the form first. (Also what touchmap needs: the step is marked 300 ms after the
    // route changes, and a signal before that has no step to belong to.)
    await this.think(400, 800);
  }

  /**
   * The shipping form. With `postcodeTypo`, the postcode is first typed the way people do
   * (`12 345`, a UK postcode): on leaving the field the shop says only "Invalid input", and the
   * shopper comes back and types five digits.
   */
  async fillShipping(postcodeTypo: string | null): Promise<void> {
    const p = this.page;
    await p.getByTestId('name').fill('Ada Lovelace');
    await p.getByTestId('email').fill('ada@example.com');
    await p.getByTestId('address').fill('1 Analytical St');
    if (postcodeTypo) {
      await p.getByTestId('postcode').fill(postcodeTypo);
      await p.getByTestId('postcode').press('Tab');
      await p.getByTestId('postcode-error').waitFor({ state: 'visible' });
      await this.think(400, 700);
      await this.press('postcode');
      await p.getByTestId('postcode').fill(POSTCODE);
      // Leaving the field (keyboard "Next") clears the message. Without it, the message vanishes
      // on the next press's mousedown (blur), the form shrinks, the Continue button moves up
      // under the pointer and that press misses it.
      await p.getByTestId('postcode').press('Tab');
    } else {
      await p.getByTestId('postcode').fill(POSTCODE);
    }
    await this.think();
  }

  /** Planted: the express-delivery chip looks selectable and does nothing; tapped fast, again and again. */
  async rageExpressDelivery(clicks: number): Promise<void> {
    await this.rageClick('express-delivery', clicks);
  }

  async continueToPayment(): Promise<void> {
    await Promise.all([this.page.waitForURL('**/checkout/payment'), this.press('to-payment')]);
    await this.think(400, 700);
  }

  /** Planted: "Use a saved card" does nothing. */
  async pressSavedCard(): Promise<void> {
    await this.deadClick('saved-card');
  }

  async fillCard(): Promise<void> {
    const p = this.page;
    await p.getByTestId('card').fill('4242 4242 4242 4242');
    await p.getByTestId('expiry').fill('12 / 29');
    await p.getByTestId('cvc').fill('123');
    await this.think();
  }

  /**
   * Pay. The first Pay of a page load is silent for 3 s (planted); an impatient shopper presses
   * it again meanwhile (those presses are ignored: rage). Waits for the confirmation.
   */
  async pay(impatient: boolean): Promise<void> {
    const confirmed = this.page.waitForURL('**/checkout/confirmation', { timeout: 10_000 });
    await this.press('pay');
    if (impatient) {
      await this.page.waitForTimeout(this.rng.int(500, 900));
      // Three presses: a rage burst is three fast presses, at least two of them unanswered.
      for (let i = 0; i < 3; i++) {
        await this.press('pay');
        await this.page.waitForTimeout(this.rng.int(100, 220));
      }
    }
    await confirmed;
    await this.page.getByTestId('order-total').waitFor();
    await this.think(250, 400);
  }

  /** Leaving: a last look at the page, then the visitor is gone (the session ends in `end`). */
  async leave(): Promise<void> {
    await this.think(200, 400);
  }

  /** `clicks` fast presses on `testid` that the page does not answer, then the burst settles. */
  async rageClick(testid: string, clicks: number): Promise<void> {
    for (let i = 0; i < clicks; i++) {
      await this.press(testid);
      await this.page.waitForTimeout(this.rng.int(60, 160));
    }
    await this.page.waitForTimeout(RAGE_SETTLE_MS);
  }

  /** One press on something that does nothing, and no other action until the SDK has seen it as dead. */
  async deadClick(testid: string): Promise<void> {
    await this.press(testid);
    await this.page.waitForTimeout(DEAD_CLICK_WAIT_MS);
  }

  /** Sends what touchmap still holds on every open page of this visitor. */
  async flush(): Promise<void> {
    for (const p of this.context.pages()) await flush(p);
  }
}

/** `touchmap.flush()` on `page`, if touchmap runs there. */
export async function flush(page: Page): Promise<void> {
  if (page.isClosed()) return;
  await page.evaluate(async () => {
    const tm = (window as unknown as TouchmapApi).touchmap;
    if (tm?._loaded === 1 && tm.flush) await tm.flush();
  });
}
