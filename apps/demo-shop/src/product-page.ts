import { addToCart } from './cart-store.ts';
import { formatPrice } from './money.ts';
import { productArt } from './product-art.ts';
import { findProduct } from './products.ts';
import { createStepper } from './quantity-stepper.ts';
import { mountHeader, refreshCartCount } from './site-header.ts';

mountHeader();
const main = document.querySelector<HTMLElement>('[data-product]')!;
const product = findProduct(new URLSearchParams(location.search).get('id'));

if (!product) {
  document.title = 'Product not found · Fern & Field';
  main.innerHTML = `
    <div class="empty">
      <h1>Product not found</h1>
      <p>That product does not exist, or is no longer sold.</p>
      <a class="btn" href="/" data-testid="back-to-catalogue">Back to catalogue</a>
    </div>`;
} else {
  document.title = `${product.name} · Fern & Field`;
  main.innerHTML = `
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/" data-testid="back-to-catalogue">&larr; Back to catalogue</a></nav>
    <article class="product">
      <div class="art art-large art-${product.id}">${productArt(product.id)}</div>
      <div class="product-info">
        <h1 data-testid="product-name">${product.name}</h1>
        <p class="product-price" data-testid="price">${formatPrice(product.price)}</p>
        <p class="product-colour">Colour: ${product.colour}</p>
        <p class="product-description" data-testid="description">${product.description}</p>

        <div class="buy-row">
          <div class="buy-qty"><span class="label-text" id="qty-label">Quantity</span></div>
          <button type="button" class="btn btn-primary" data-testid="add-to-cart" data-touchpoint="add-to-cart">Add to cart</button>
        </div>
        <p class="notice notice-ok" data-testid="added-message" role="status" hidden></p>

        <div class="extras">
          <span class="btn" data-testid="size-guide" role="button" tabindex="0">Size guide</span>
          <a class="text-link" data-testid="download-spec" href="/spec.txt" download>Download spec sheet</a>
          <a class="text-link" data-testid="care-guide" href="/care.html" target="_blank" rel="noopener">Care guide</a>
        </div>

        <div class="stock-note">
          <p>Forest green is sold out in every size.</p>
          <button type="button" class="btn" data-testid="notify" disabled>Notify me when back in stock</button>
        </div>

        <details class="faq" data-testid="faq">
          <summary>Shipping FAQ</summary>
          <p>Orders placed before 2 pm ship the same working day. Delivery is free on every order and usually takes two to four days.</p>
          <p>Returns are free within 30 days; keep the item unused and in its original packaging.</p>
        </details>
      </div>
    </article>`;

  let qty = 1;
  const stepper = createStepper(qty, 'Quantity', (n) => (qty = n));
  stepper.setAttribute('aria-labelledby', 'qty-label');
  main.querySelector('.buy-qty')!.append(stepper);

  const added = main.querySelector<HTMLElement>('[data-testid="added-message"]')!;
  main.querySelector('[data-testid="add-to-cart"]')!.addEventListener('click', () => {
    addToCart(product.id, qty);
    refreshCartCount();
    added.innerHTML = `Added ${qty} &times; ${product.name} to your cart. <a href="/cart.html" data-testid="view-cart">View cart</a>`;
    added.hidden = false;
  });
  // The size guide is planted friction: it looks like a button and does nothing. No handler, on purpose.
}
