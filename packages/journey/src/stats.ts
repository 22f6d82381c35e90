/** z for a two-sided 95% interval. */
const Z = 1.959963984540054;

/** Wilson score interval for a proportion k/n (95%). */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (his method 10) for the difference of two proportions
 * k1/n1 − k2/n2, from the two Wilson intervals: the interval domain.md asks pain points to
 * carry.
 */
export function newcombe(k1: number, n1: number, k2: number, n2: number): [number, number] {
  const p1 = n1 ? k1 / n1 : 0;
  const p2 = n2 ? k2 / n2 : 0;
  const [l1, u1] = wilson(k1, n1);
  const [l2, u2] = wilson(k2, n2);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The `n` most frequent values, most frequent first (ties by value). */
export function top<T extends string>(values: T[], n = 5): { value: T; n: number }[] {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, c]) => ({ value, n: c })).sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : 1)).slice(0, n);
}

/** Shares and scores as reported: 4 decimals. */
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
/** A sum per 100 sessions, as friction scores are reported: 2 decimals. */
export const per100 = (sum: number, n: number) => (n ? Math.round((sum / n) * 100 * 100) / 100 : 0);

/** The `top` order for pairs: by count, then by the joined key — what stores sort evidence by. */
export const byCountThenKey = <T extends { n: number }>(key: (x: T) => string) => (a: T, b: T) => b.n - a.n || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
