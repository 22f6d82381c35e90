import { findProduct, type Product } from './products.ts';

/** localStorage keys; the SDK's tests read and reset `demo-cart` directly. */
const CART_KEY = 'demo-cart';
const GIFT_WRAP_KEY = 'demo-gift-wrap';

/** What gift wrap adds to the order, in cents. */
export const GIFT_WRAP_PRICE = 400;

export const MIN_QTY = 1;
export const MAX_QTY = 99;

export interface CartLine {
  id: number;
  qty: number;
}

export const clampQty = (n: number) => Math.min(MAX_QTY, Math.max(MIN_QTY, Math.round(n) || MIN_QTY));

/** The stored cart, dropping anything that no longer matches a product (hand-edited storage, old formats). */
export function readCart(): CartLine[] {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(CART_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((l): l is CartLine => !!l && findProduct((l as CartLine).id) !== undefined)
    .map((l) => ({ id: l.id, qty: clampQty(Number(l.qty)) }));
}

function writeCart(lines: CartLine[]): void {
  localStorage.setItem(CART_KEY, JSON.stringify(lines));
}

/** Adds `qty` of a product, merging with an existing line. */
export function addToCart(id: number, qty: number): void {
  const lines = readCart();
  const line = lines.find((l) => l.id === id);
  if (line) line.qty = clampQty(line.qty + qty);
  else lines.push({ id, qty: clampQty(qty) });
  writeCart(lines);
}

export function setQty(id: number, qty: number): void {
  writeCart(readCart().map((l) => (l.id === id ? { id, qty: clampQty(qty) } : l)));
}

export function removeLine(id: number): void {
  writeCart(readCart().filter((l) => l.id !== id));
}

export function clearCart(): void {
  localStorage.removeItem(CART_KEY);
  localStorage.removeItem(GIFT_WRAP_KEY);
}

export function itemCount(): number {
  return readCart().reduce((n, l) => n + l.qty, 0);
}

export function hasGiftWrap(): boolean {
  return localStorage.getItem(GIFT_WRAP_KEY) === '1';
}

export function setGiftWrap(on: boolean): void {
  if (on) localStorage.setItem(GIFT_WRAP_KEY, '1');
  else localStorage.removeItem(GIFT_WRAP_KEY);
}

/** Cart lines joined with their products, for rendering. */
export function cartItems(): { product: Product; qty: number }[] {
  return readCart().map((l) => ({ product: findProduct(l.id)!, qty: l.qty }));
}

export function subtotal(): number {
  return cartItems().reduce((sum, i) => sum + i.product.price * i.qty, 0);
}

/** What the customer pays, in cents: the subtotal plus gift wrap. Shipping is free in the demo. */
export function orderTotal(): number {
  const sub = subtotal();
  return sub + (sub > 0 && hasGiftWrap() ? GIFT_WRAP_PRICE : 0);
}
