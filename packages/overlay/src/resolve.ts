/**
 * Finds the element a touchmap selector names on the page as it is now. Selectors cross shadow
 * roots with ` >> ` (the host's selector first, as the SDK writes them), so each part is looked
 * up inside the previous part's open shadow root. A selector the browser cannot parse, or one
 * that names nothing, finds nothing: its points are painted where they were (page coordinates).
 */
export function findElement(sel: string, doc: Document = document): Element | null {
  let root: Document | ShadowRoot | null = doc;
  let el: Element | null = null;
  for (const part of sel.split(' >> ')) {
    if (!root) return null;
    try {
      el = root.querySelector(part);
    } catch {
      return null;
    }
    if (!el) return null;
    root = el.shadowRoot;
  }
  return el;
}

/**
 * Selector lookups cached until the page's DOM changes (the overlay repaints on every scroll
 * frame; looking up a few hundred selectors each frame would be most of its cost).
 */
export function createResolver(doc: Document = document) {
  const cache = new Map<string, Element | null>();
  return {
    find(sel: string): Element | null {
      let el = cache.get(sel);
      if (el === undefined || (el && !el.isConnected)) cache.set(sel, (el = findElement(sel, doc)));
      return el;
    },
    /** Forget every lookup: the DOM changed. */
    reset: () => cache.clear(),
  };
}
export type Resolver = ReturnType<typeof createResolver>;

/** The element's box in the viewport, or null when it has none (hidden, detached, empty). */
export function visibleBox(el: Element | null): DOMRect | null {
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? r : null;
}
