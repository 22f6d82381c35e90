/**
 * The one way values reach ClickHouse SQL. ClickHouse 18.16 has no query parameters, so values
 * are written into the statement as literals — only through `sql` and `lit` here, which refuse
 * anything that is not a value of a known type before any SQL is built, and escape strings the
 * way both 18.16 and the modern engine read them (round-trip tested through both).
 */
export type Literal = string | number | bigint | boolean | null | readonly Literal[];

export class LiteralError extends Error {}

/** A string literal: backslash and quote escaped, and the control characters a reader would trip on. */
function str(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (c === 0) out += '\\0';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + "'";
}

/** One value as a ClickHouse literal; a value of another type (object, undefined, NaN, ∞) is refused. */
export function lit(v: Literal): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') {
    // A lone surrogate has no UTF-8 form (ingest makes strings well-formed before they get here).
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v)) throw new LiteralError('a string with a lone surrogate has no UTF-8 form');
    return str(v);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new LiteralError(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  throw new LiteralError(`not a SQL value: ${typeof v}`);
}

/**
 * The right side of `IN`: a parenthesised list of literals (18.16 reads an array there as one
 * value of type Array). An empty list is refused: `x IN ()` is not SQL.
 */
export function inList(values: readonly Literal[]): string {
  if (!values.length) throw new LiteralError('an IN list needs at least one value');
  return `(${values.map(lit).join(', ')})`;
}

/** An integer literal, refused unless it is a safe integer (ids, times, counts). */
export function int(v: number): string {
  if (!Number.isSafeInteger(v)) throw new LiteralError(`not an integer: ${v}`);
  return String(v);
}

/**
 * A statement with every interpolated value written as a literal:
 * sql`select count() from events where site = ${site} and t >= ${from}`.
 * Identifiers never come through here: they are part of the template, written by us.
 */
export function sql(parts: TemplateStringsArray, ...values: Literal[]): string {
  let out = parts[0]!;
  values.forEach((v, i) => (out += lit(v) + parts[i + 1]!));
  return out;
}
