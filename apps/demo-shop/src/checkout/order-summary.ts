import { GIFT_WRAP_PRICE, cartItems, hasGiftWrap, orderTotal } from '../cart-store.ts';
import { formatPrice } from '../money.ts';

/** The cart as a read-only summary beside the shipping and payment steps. */
export function orderSummary(): string {
  const items = cartItems();
  if (!items.length) {
    return `<aside class="summary" aria-label="Order summary"><p>Your cart is empty.</p><a class="text-link" href="/">Back to catalogue</a></aside>`;
  }
  const lines = items.map(
    ({ product: p, qty }) =>
      `<li class="summary-row"><span>${p.name} <span class="muted">&times; ${qty}</span></span><span>${formatPrice(p.price * qty)}</span></li>`,
  );
  if (hasGiftWrap()) lines.push(`<li class="summary-row"><span>Gift wrap</span><span>${formatPrice(GIFT_WRAP_PRICE)}</span></li>`);
  return `
    <aside class="summary" aria-label="Order summary">
      <h2 class="summary-title">Your order</h2>
      <ul class="summary-lines">${lines.join('')}</ul>
      <div class="summary-row"><span>Shipping</span><span>Free</span></div>
      <div class="summary-row summary-total"><span>Total</span><span data-testid="summary-total">${formatPrice(orderTotal())}</span></div>
    </aside>`;
}
