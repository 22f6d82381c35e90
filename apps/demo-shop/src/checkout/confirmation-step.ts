import { clearCart, orderTotal, readCart } from '../cart-store.ts';
import { formatPrice } from '../money.ts';
import { refreshCartCount } from '../site-header.ts';
import { shippingDetails } from './shipping-step.ts';
import type { Step } from './step.ts';

// The last order's total, so reloading or returning to the confirmation still shows it.
const LAST_ORDER_KEY = 'demo-last-order';

type Touchmap = (command: string, ...args: unknown[]) => void;

/** Places the order if the cart holds one: reports the purchase to touchmap and empties the cart. */
function placeOrder(): number | undefined {
  if (!readCart().length) return undefined;
  const total = orderTotal();
  sessionStorage.setItem(LAST_ORDER_KEY, String(total));
  const touchmap = (window as Window & { touchmap?: unknown }).touchmap;
  if (typeof touchmap === 'function') (touchmap as Touchmap)('track', 'purchase', { value: total / 100 });
  clearCart();
  refreshCartCount();
  return total;
}

export const confirmationStep: Step = {
  name: 'confirmation',
  title: 'Order confirmed',
  summary: false,
  render(panel) {
    // Only a cart becomes a purchase: back/forward or a reload here must not report it twice.
    const total = placeOrder() ?? Number(sessionStorage.getItem(LAST_ORDER_KEY) ?? 0);
    panel.innerHTML = `
      <div class="confirmation">
        <svg class="confirmation-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
          <circle cx="24" cy="24" r="22" fill="currentColor"/>
          <path d="M14 25 L21 32 L35 17" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
        <h1 class="step-title" tabindex="-1">Thank you for your order</h1>
        <p>Order total: <strong data-testid="order-total">${formatPrice(total)}</strong></p>
        <p class="muted" data-receipt hidden></p>
        <a class="btn btn-primary" href="/" data-testid="continue-shopping">Continue shopping</a>
      </div>`;
    if (shippingDetails.email) {
      const receipt = panel.querySelector<HTMLElement>('[data-receipt]')!;
      // textContent: the address is the customer's own input.
      receipt.textContent = `A receipt is on its way to ${shippingDetails.email}.`;
      receipt.hidden = false;
    }
  },
};
