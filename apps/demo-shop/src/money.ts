// A fixed locale keeps the rendered prices identical on every machine the tests run on.
const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `3800` → `"$38.00"`. */
export function formatPrice(cents: number): string {
  return fmt.format(cents / 100);
}
