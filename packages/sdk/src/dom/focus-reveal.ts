/**
 * CSS-only menus: `.nav:focus-within .sub { display: block }`, `button:focus + ul { visibility:
 * visible }`. Clicking the trigger focuses it and the stylesheet shows the menu: no DOM change,
 * no event. Rules that show or move something when an element has (or holds) focus are kept
 * as [the trigger's selector without the focus part, the rest relative to it], so that a clicked
 * element is a trigger when it is (or is inside) one with something to show (`:has(+ ul)`). Read at the first click about to be called dead (rare), again when stylesheets are
 * added; rules of cross-origin stylesheets cannot be read and are skipped.
 */
let triggers: [trigger: string, shows: string][] = [];
let sheets = -1;

// A compound with :focus or :focus-within (not :focus-visible, which a click does not set),
// followed by a combinator and another element: the rule styles something else.
const FOCUS = /^(.*?):focus(-within)?(?!-)([^\s>+~]*)\s*([>+~]?)\s*(\S.*)$/;

function collect(rules: CSSRuleList): void {
  for (const r of rules) {
    // @media, @supports, @layer and nested rules hold rules of their own.
    if ((r as CSSGroupingRule).cssRules) collect((r as CSSGroupingRule).cssRules);
    const s = (r as CSSStyleRule).style;
    const sel = (r as CSSStyleRule).selectorText;
    if (!sel?.includes(':focus') || !(s.display || s.visibility || s.opacity || s.transform || s.maxHeight || s.clipPath)) continue;
    for (const part of sel.split(',')) {
      const m = FOCUS.exec(part.trim());
      if (m) triggers.push([(m[1]! + m[3]!).replace(/:focus(-within)?/g, '') || '*', ':has(' + m[4] + ' ' + m[5] + ')']);
    }
  }
}

/** Whether focusing `el`, or an element holding it, shows or moves something by CSS alone. */
export function focusReveals(el: Element): boolean {
  if (sheets != document.styleSheets.length) {
    sheets = document.styleSheets.length;
    triggers = [];
    for (const sheet of document.styleSheets)
      try {
        collect(sheet.cssRules);
      } catch {}
  }
  return triggers.some(([trigger, shows]) => {
    try {
      return !!el.closest(trigger)?.matches(shows);
    } catch {
      return false;
    }
  });
}
