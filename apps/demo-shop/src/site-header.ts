import { itemCount } from './cart-store.ts';

/**
 * Fills the page's `<header data-site-header>`: brand, a menu that the toggle opens and closes
 * (`hidden` + `aria-expanded`), and a cart link with the item count.
 */
export function mountHeader(): void {
  const header = document.querySelector<HTMLElement>('[data-site-header]');
  if (!header) return;
  header.innerHTML = `
    <div class="bar">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Fern &amp; Field</a>
      <nav class="menu" aria-label="Site">
        <button type="button" class="menu-toggle" data-testid="menu-toggle" aria-expanded="false" aria-controls="site-menu">
          <span class="menu-icon" aria-hidden="true"></span>Menu
        </button>
        <ul id="site-menu" class="menu-list" data-testid="menu" hidden>
          <li><a href="/">Catalogue</a></li>
          <li><a href="/cart.html">Your cart</a></li>
          <li><a href="/care.html">Care guide</a></li>
        </ul>
      </nav>
      <a class="cart-link" href="/cart.html" data-testid="cart-link">Cart <span class="badge" data-testid="cart-count"></span></a>
    </div>`;
  const toggle = header.querySelector<HTMLButtonElement>('.menu-toggle')!;
  const list = header.querySelector<HTMLElement>('.menu-list')!;
  const isOpen = () => toggle.getAttribute('aria-expanded') === 'true';
  const setOpen = (open: boolean) => {
    list.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(!isOpen()));
  header.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
  refreshCartCount();
}

/** Re-reads the cart into the header badge; call after anything changes the cart. */
export function refreshCartCount(): void {
  const badge = document.querySelector<HTMLElement>('[data-testid="cart-count"]');
  if (badge) badge.textContent = String(itemCount());
}
