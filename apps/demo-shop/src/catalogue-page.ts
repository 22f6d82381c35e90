import { mountCarousel } from './carousel.ts';
import { formatPrice } from './money.ts';
import { productArt } from './product-art.ts';
import { PRODUCTS } from './products.ts';
import { mountHeader } from './site-header.ts';

mountHeader();
const carousel = document.querySelector<HTMLElement>('[data-carousel]');
if (carousel) mountCarousel(carousel);

document.querySelector('[data-testid="product-grid"]')!.innerHTML = PRODUCTS.map(
  (p) => `
  <li>
    <a class="card" href="/product.html?id=${p.id}" data-testid="product-link-${p.id}" data-touchpoint="product-card">
      <div class="art art-${p.id}">${productArt(p.id)}</div>
      <div class="card-body">
        <h3 class="card-title">${p.name}</h3>
        <p class="card-meta"><span>${p.colour}</span><span class="price">${formatPrice(p.price)}</span></p>
      </div>
    </a>
  </li>`,
).join('');
