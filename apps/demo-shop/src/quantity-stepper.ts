import { MAX_QTY, MIN_QTY, clampQty } from './cart-store.ts';

/**
 * A `− n +` control. Every click that can move the number changes it at once and calls
 * `onChange`; at the bounds (1 and 99) the click is clamped and nothing changes.
 */
export function createStepper(initial: number, label: string, onChange: (qty: number) => void): HTMLElement {
  let qty = clampQty(initial);
  const root = document.createElement('div');
  root.className = 'stepper';
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', label);
  root.innerHTML = `
    <button type="button" class="stepper-btn" data-testid="qty-minus" aria-label="Decrease quantity">&minus;</button>
    <output class="stepper-value" data-testid="qty" aria-live="polite">${qty}</output>
    <button type="button" class="stepper-btn" data-testid="qty-plus" aria-label="Increase quantity">+</button>`;
  const value = root.querySelector('output')!;
  const step = (delta: number) => {
    const next = Math.min(MAX_QTY, Math.max(MIN_QTY, qty + delta));
    if (next === qty) return;
    qty = next;
    value.textContent = String(qty);
    onChange(qty);
  };
  root.querySelector('[data-testid="qty-minus"]')!.addEventListener('click', () => step(-1));
  root.querySelector('[data-testid="qty-plus"]')!.addEventListener('click', () => step(1));
  return root;
}
