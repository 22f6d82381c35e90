/** The element an event really hit, inside open shadow roots too. */
export function targetOf(e: Event): Element | null {
  const t = e.composedPath()[0] ?? e.target;
  return t instanceof Element ? t : t instanceof Node ? t.parentElement : null;
}

/** Element.closest that climbs out of shadow roots through their hosts. */
export function closestAcross(el: Element | null, sel: string): Element | null {
  while (el) {
    const hit = el.closest(sel);
    if (hit) return hit;
    const root = el.getRootNode();
    el = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * Whether a signal is silenced on this element: `data-touchmap-ignore` on it or an ancestor
 * silences everything; `data-touchmap-no-rage`, `-no-dead`, … silence one signal.
 */
export function ignored(el: Element | null, signal?: string): boolean {
  return !el || !!closestAcross(el, signal ? `[data-touchmap-ignore],[data-touchmap-no-${signal}]` : '[data-touchmap-ignore]');
}

/**
 * Editable fields: clicks in them are caret placement and selection, never rage or dead. A radio
 * too: clicking the checked one changes nothing, by design.
 */
export const EDITABLE = 'input:not([type=button],[type=submit],[type=reset],[type=image],[type=checkbox]),textarea,select,[contenteditable]:not([contenteditable=false])';

/** Surfaces that answer in pixels the DOM does not show (a chart, a game, a plug-in). */
const OPAQUE = 'canvas,embed,object';

/** A class saying an item is the current one: `active`, `is-selected`, `swiper-pagination-bullet-active`. */
const on = (n: Element) => /(^|[-_\s])(active|current|selected)(?![\w-])/i.test(n.getAttribute('class') ?? '');

/**
 * Whether `el` is the current item of a set, by class alone (a carousel's bullet, a page of a
 * pagination, a tab styled as chosen): the only one of its like siblings so marked. A lone
 * button marked active is a toggle, and is judged.
 */
function current(el: Element): boolean {
  if (!on(el)) return false;
  const like = [...el.parentElement!.children].filter((n) => n != el && n.localName == el.localName);
  return like.length > 0 && !like.some(on);
}

/**
 * Whether a click on `t` (aimed at `hit`) is never judged rage or dead: in an editable field or a
 * radio (or on a label standing for one: a shipping-option card), on a canvas, or on a control
 * already current (a tab, an option, a carousel's bullet for the slide shown: clicking it again
 * is a no-op by design). Read before the page's handlers run, so the state is the one the
 * visitor clicked. `sel` replaces the editable and opaque selector.
 */
export function unjudged(t: Element, hit: Element | null, sel = EDITABLE + ',' + OPAQUE): boolean {
  return !!(
    (hit && (hit.matches('[aria-selected=true],[aria-current]:not([aria-current=false])') || (hit.parentElement && current(hit)))) ||
    closestAcross(t, sel) ||
    (closestAcross(t, 'label') as HTMLLabelElement | null)?.control?.matches(sel)
  );
}

/** Elements that promise a reaction when clicked. */
const INTERACTIVE =
  'a[href],button,summary,label,[role=button],[role=link],[role=menuitem],[role=tab],[role=checkbox],[role=switch],[role=option],input[type=submit],input[type=button],input[type=reset],input[type=image],[onclick]';

/** The element a click was aimed at if it looks interactive, else null. */
export function interactiveTarget(el: Element): Element | null {
  const hit = closestAcross(el, INTERACTIVE);
  // A label promises something only when it labels a control.
  if (hit && !(hit instanceof HTMLLabelElement && !hit.control)) return hit;
  // cursor: pointer is how most custom controls say "click me"; it is inherited, so check the target only.
  return getComputedStyle(el).cursor === 'pointer' ? el : null;
}


/** A link that leaves the page (new document, new tab or download): it is answered by navigation. */
export function navigatesAway(el: Element): boolean {
  const a = closestAcross(el, 'a[href]') as HTMLAnchorElement | null;
  if (!a) return false;
  const href = a.getAttribute('href') ?? '';
  if (a.hasAttribute('download') || (a.target && a.target !== '_self')) return true;
  return !/^(#|javascript:)/i.test(href);
}
