import {
  GIFT_WRAP_PRICE,
  cartItems,
  hasGiftWrap,
  orderTotal,
  removeLine,
  setGiftWrap,
  setQty,
  subtotal,
} from './cart-store.ts';
import { formatPrice } from './money.ts';
import { productArt } from './product-art.ts';
import { createStepper } from './quantity-stepper.ts';
import { mountHeader, refreshCartCount } from './site-header.ts';

mountHeader();
const view = document.querySelector<HTMLElement>('[data-cart]')!;

function render(): void {
  const items = cartItems();
  if (!items.length) {
    view.innerHTML = `
      <div class="empty" data-testid="cart-empty">
        <p>Your cart is empty.</p>
        <a class="btn btn-primary" href="/" data-testid="back-to-catalogue">Back to catalogue</a>
      </div>`;
    return;
  }
  view.innerHTML = `
    <div class="cart-layout">
      <ul class="cart-lines">
        ${items
          .map(
            ({ product: p, qty }) => `
          <li class="cart-line" data-testid="cart-line" data-id="${p.id}">
            <div class="art art-thumb art-${p.id}">${productArt(p.id)}</div>
            <div class="cart-line-info">
              <a class="cart-line-name" href="/product.html?id=${p.id}">${p.name}</a>
              <span class="muted">${formatPrice(p.price)} each</span>
              <button type="button" class="link-button" data-testid="remove">Remove</button>
            </div>
            <div class="cart-line-qty"></div>
            <span class="cart-line-total" data-testid="line-total">${formatPrice(p.price * qty)}</span>
          </li>`,
          )
          .join('')}
      </ul>
      <aside class="summary" aria-label="Order summary">
        <div class="summary-row"><span>Subtotal</span><span data-testid="subtotal"></span></div>
        <div class="summary-row">
          <label><input type="checkbox" data-testid="gift-wrap"> Gift wrap</label>
          <span class="muted">+${formatPrice(GIFT_WRAP_PRICE)}</span>
        </div>
        <div class="summary-row"><span>Shipping</span><span>Free</span></div>
        <div class="summary-row summary-total"><span>Total</span><span data-testid="total"></span></div>
        <div class="coupon">
          <label for="coupon-code">Coupon code</label>
          <div class="coupon-row">
            <input id="coupon-code" name="coupon" data-testid="coupon" autocomplete="off">
            <button type="button" class="btn" data-testid="apply-coupon">Apply coupon</button>
          </div>
        </div>
        <a class="btn btn-primary btn-block" href="/checkout/shipping" data-testid="checkout" data-touchpoint="checkout-cta">Checkout</a>
      </aside>
    </div>`;

  for (const line of view.querySelectorAll<HTMLElement>('.cart-line')) {
    const id = Number(line.dataset.id);
    const item = items.find((i) => i.product.id === id)!;
    const stepper = createStepper(item.qty, `Quantity of ${item.product.name}`, (qty) => {
      setQty(id, qty);
      line.querySelector('[data-testid="line-total"]')!.textContent = formatPrice(item.product.price * qty);
      refreshTotals();
    });
    line.querySelector('.cart-line-qty')!.append(stepper);
    line.querySelector('[data-testid="remove"]')!.addEventListener('click', () => {
      removeLine(id);
      render();
    });
  }

  const gift = view.querySelector<HTMLInputElement>('[data-testid="gift-wrap"]')!;
  gift.checked = hasGiftWrap();
  gift.addEventListener('change', () => {
    setGiftWrap(gift.checked);
    refreshTotals();
  });

  view.querySelector('[data-testid="apply-coupon"]')!.addEventListener('click', () => {
    // Planted error: the coupon "service" fails and nothing catches it, so it reaches window.onerror.
    throw new TypeError('coupon service unavailable');
  });

  refreshTotals();
}

function refreshTotals(): void {
  view.querySelector('[data-testid="subtotal"]')!.textContent = formatPrice(subtotal());
  view.querySelector('[data-testid="total"]')!.textContent = formatPrice(orderTotal());
  refreshCartCount();
}

render();
