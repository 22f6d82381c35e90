/**
 * localStorage as JSON, never throwing (storage can be full, blocked or disabled): `local(k)`
 * reads (undefined when absent or unreadable), `local(k, v)` writes, `local(k, null)` removes.
 */
export function local<T>(key: string, value?: T | null): T | undefined {
  try {
    if (value === undefined) return JSON.parse(localStorage.getItem(key) ?? 'null') ?? undefined;
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {}
  return undefined;
}
