/**
 * Lone UTF-16 surrogates — a label cut in the middle of an emoji — arrive as `\ud83d`-style
 * escapes in otherwise valid JSON. They are replaced by U+FFFD, as any text decoder would: a
 * truncated label must not fail a batch (the SDK would drop it as refused) nor a later query
 * over the stored JSON. Only bodies that contain such an escape are walked.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export function wellFormedJson(text: string, parsed: unknown): unknown {
  return SURROGATE_ESCAPE.test(text) ? fix(parsed) : parsed;
}

function fix(x: unknown): unknown {
  if (typeof x === 'string') return (x as string & { toWellFormed(): string }).toWellFormed();
  if (Array.isArray(x)) return x.map(fix);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, val]) => [fix(k), fix(val)]));
  return x;
}
