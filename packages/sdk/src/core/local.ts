/**
 * localStorage (sessionStorage when `tab`) as JSON, never throwing (storage can be full, blocked
 * or disabled; even naming it can throw): `local(k)` reads (undefined when absent or
 * unreadable), `local(k, v)` writes, `local(k, null)` removes.
 */
export function local<T>(key: string, value?: T | null, tab?: boolean): T | undefined {
  try {
    const s = tab ? sessionStorage : localStorage;
    if (value === undefined) return JSON.parse(s.getItem(key) ?? 'null') ?? undefined;
    if (value === null) s.removeItem(key);
    else s.setItem(key, JSON.stringify(value));
  } catch {}
  return undefined;
}
