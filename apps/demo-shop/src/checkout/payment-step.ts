import { CONFIRMATION_PATH, PAYMENT_PATH, SHIPPING_PATH, type Step } from './step.ts';

/** How long the first Pay of a page load sits silent before going through. */
export const SLOW_PAY_MS = 3000;

// Planted friction, kept in module state so every page load starts slow again: the first Pay
// shows nothing (no spinner, no disabled state, no request) for SLOW_PAY_MS, and clicks meanwhile
// are swallowed.
let firstPayDone = false;
let paying = false;

export const paymentStep: Step = {
  name: 'payment',
  title: 'Payment',
  summary: true,
  render(panel, go) {
    panel.innerHTML = `
      <h1 class="step-title" tabindex="-1">Payment</h1>
      <form class="form" novalidate data-testid="payment-form">
        <div class="field">
          <label for="pay-card">Card number</label>
          <input id="pay-card" name="card" data-testid="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242">
        </div>
        <div class="field-row">
          <div class="field">
            <label for="pay-expiry">Expiry date</label>
            <input id="pay-expiry" name="expiry" data-testid="expiry" autocomplete="cc-exp" placeholder="MM / YY">
          </div>
          <div class="field">
            <label for="pay-cvc">Security code</label>
            <input id="pay-cvc" name="cvc" data-testid="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC">
          </div>
        </div>
        <!-- Planted friction: "Use a saved card" looks like a link and does nothing. -->
        <p><button type="button" class="text-link" data-testid="saved-card">Use a saved card</button></p>
        <p class="muted">This is a demo shop: no card is charged.</p>
        <div class="form-actions">
          <a class="text-link" href="${SHIPPING_PATH}" data-spa data-testid="back-to-shipping">&larr; Back to shipping</a>
          <button type="submit" class="btn btn-primary" data-testid="pay" data-touchpoint="pay">Pay now</button>
        </div>
      </form>`;

    panel.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      if (paying) return;
      if (firstPayDone) return go(CONFIRMATION_PATH);
      paying = true;
      setTimeout(() => {
        paying = false;
        firstPayDone = true;
        // The customer may have gone back meanwhile; don't yank them forward.
        if (location.pathname === PAYMENT_PATH) go(CONFIRMATION_PATH);
      }, SLOW_PAY_MS);
    });
  },
};
