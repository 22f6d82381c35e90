/**
 * A CSS selector that finds the same element again on the next visit and at another screen
 * width: stable ids and test/semantic attributes first, then tag + stable classes, climbing until
 * unique. Generated ids (React's `:r1:`, `ember123`, hashes) and generated or state classes
 * (CSS modules, CSS-in-JS, `is-open`, Tailwind variants) are skipped: they change between builds
 * or between two clicks. Across shadow roots the host's selector comes first, joined by ` >> `.
 */
export function selector(el: Element): string {
  const had = known.get(el);
  if (had && first(had) === el) return had;
  let out = '';
  let node: Element | null = el;
  let depth = 0;
  while (node) {
    const root = node.getRootNode() as Document | ShadowRoot;
    let sel = '';
    for (let cur: Element | null = node; cur && depth < 8; depth++) {
      sel = sel ? segment(cur) + ' > ' + sel : segment(cur);
      if (unique(root, sel)) break;
      const parent: Element | null = cur.parentElement;
      if (!parent || parent === document.documentElement) break;
      cur = parent;
    }
    out = out ? sel + ' >> ' + out : sel;
    node = root instanceof ShadowRoot ? root.host : null;
    depth = 0;
  }
  known.set(el, (out = out.slice(0, 512)));
  return out;
}

/**
 * Selectors built on this page, per element. An element clicked, hovered or typed into again
 * is checked with one query instead of being rebuilt level by level (a query per level), and
 * keeps one selector for the page's lifetime while that selector still finds it first: what a
 * viewer finds with it. (Another element matching it later gets a longer selector of its own,
 * built unique.) A selector across shadow roots is not one query: `>>` throws, and it is rebuilt.
 */
const known = new WeakMap<Element, string>();

const ATTRS = ['data-testid', 'data-test', 'data-cy', 'data-touchpoint', 'aria-label', 'name'];

/** One element's part of a selector. */
function segment(el: Element): string {
  const tag = el.localName;
  const id = el.id;
  if (id && stable(id)) return '#' + CSS.escape(id);
  for (const a of ATTRS) {
    const v = el.getAttribute(a);
    // An attribute holding an e-mail address is personal data: never part of a selector.
    if (v && v.length < 64 && stable(v) && !v.includes('@')) return tag + '[' + a + '="' + CSS.escape(v) + '"]';
  }
  let seg = tag;
  let n = 0;
  for (const c of el.classList) {
    if (n < 2 && stableClass(c)) {
      seg += '.' + CSS.escape(c);
      n++;
    }
  }
  const parent = el.parentElement;
  if (parent) {
    let same = 0;
    let index = 0;
    for (const sib of parent.children) {
      if (sib.localName === tag) {
        same++;
        if (sib === el) index = same;
      }
    }
    if (same > 1) seg += ':nth-of-type(' + index + ')';
  }
  return seg;
}

/** Whether `sel` finds one element in `root`. */
function unique(root: Document | ShadowRoot, sel: string): boolean {
  try {
    return root.querySelectorAll(sel).length === 1;
  } catch {
    return false;
  }
}

/** The first element `sel` finds in the document: a query that stops there, unlike `unique`. */
function first(sel: string): Element | null {
  try {
    return document.querySelector(sel);
  } catch {
    return null;
  }
}

/**
 * Generated-looking tokens: a colon (React useId), 3+ digits, a long hex run, word-number only
 * (`mui-12`, `ember345`), or a counter among named parts (`headlessui-menu-button-7`,
 * `react-select-2-input`, `downshift-0-label`): UI libraries number their ids in render order,
 * which changes with the page's state and between builds.
 */
export function stable(v: string): boolean {
  return !/:|\d{3,}|[0-9a-f]{8,}|^[a-z]+[-_]?\d+$|^[a-z]+([-_][a-z]+)+[-_]\d|[a-z][-_]\d+[-_][a-z]/i.test(v);
}

const STATE = /^(is-|has-|js-)|^(active|hover|focus|focused|selected|open|opened|show|shown|visible|hidden|disabled|checked|expanded|collapsed|current|loading|in|fade|on|off)$/;

/** Classes worth keeping: not state, not CSS-in-JS or CSS-module hashes, not Tailwind variants. */
export function stableClass(c: string): boolean {
  return (
    c.length < 32 &&
    !STATE.test(c) &&
    !/[:[\]/!@]|^(css|sc|jsx|emotion|svelte|styled)-|^_|__[\w-]{4,}$|_[a-zA-Z0-9]{5}$|\d{3,}/.test(c) &&
    stable(c)
  );
}


/** Masks e-mail addresses (in URLs too: `?email=a%40b.c`). */
export const maskEmails = (s: string): string => s.replace(/[^\s@/?&=]+(@|%40)[^\s@/?&=]+/gi, '*@*');

/** Masks what could identify a person in free text: e-mail addresses and digits. */
export const mask = (s: string): string => maskEmails(s).replace(/\d/g, '0');
