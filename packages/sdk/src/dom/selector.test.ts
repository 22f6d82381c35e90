// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mask, selector, stable, stableClass } from './selector.ts';

const html = (s: string) => {
  document.body.innerHTML = s;
};
const $ = (s: string) => document.querySelector(s)!;

describe('selector', () => {
  beforeEach(() => html(''));

  it('prefers a stable id', () => {
    html('<div><button id="pay">Pay</button></div>');
    expect(selector($('#pay'))).toBe('#pay');
  });
  it('skips generated ids (React useId, framework counters, hashes)', () => {
    html('<button id=":r1:" data-testid="buy">Buy</button><button id="ember1234">x</button><span id="a1b2c3d4e5f6">y</span>');
    expect(selector($('button'))).toBe('button[data-testid="buy"]');
    expect(selector($('#ember1234'))).not.toContain('ember');
    expect(selector($('span'))).not.toContain('a1b2c3');
  });
  it('uses data-testid, data-touchpoint, aria-label and name before classes', () => {
    html('<nav><a class="x" aria-label="Home" href="/">H</a></nav><form><input name="postcode" class="f"></form><div data-touchpoint="pricing-cta"></div>');
    expect(selector($('a'))).toBe('a[aria-label="Home"]');
    expect(selector($('input'))).toBe('input[name="postcode"]');
    expect(selector($('div'))).toBe('div[data-touchpoint="pricing-cta"]');
  });
  it('drops CSS-in-JS, CSS-module, Tailwind-variant and state classes', () => {
    html('<main><ul><li class="card css-1x2y3z Card_root__a1b2c is-active hover:bg-red-500 active">x</li></ul></main>');
    const sel = selector($('li'));
    expect(sel).toContain('li.card');
    for (const bad of ['css-', 'Card_root', 'is-active', 'hover', 'active']) expect(sel).not.toContain(bad);
  });
  it('adds :nth-of-type among same-tag siblings and climbs until unique', () => {
    html('<section><ul><li>a</li><li>b</li><li>c</li></ul></section><aside><ul><li>d</li></ul></aside>');
    const li = document.querySelectorAll('section li')[1]!;
    const sel = selector(li);
    expect(document.querySelectorAll(sel)).toHaveLength(1);
    expect(document.querySelector(sel)).toBe(li);
    expect(sel).toContain(':nth-of-type(2)');
  });
  it('reuses a selector while it still finds its element, with one query that stops there', () => {
    html('<ul><li>a</li><li>b</li><li>c</li></ul><ol><li>d</li></ol>');
    const b = document.querySelectorAll('ul li')[1]!;
    const first = selector(b);
    const one = vi.spyOn(document, 'querySelector');
    const all = vi.spyOn(document, 'querySelectorAll');
    try {
      expect(selector(b)).toBe(first);
      expect(one).toHaveBeenCalledTimes(1);
      expect(all).not.toHaveBeenCalled();
    } finally {
      one.mockRestore();
      all.mockRestore();
    }
  });
  it('keeps a selector that another element matches later, which gets its own', () => {
    html('<div><button class="buy">a</button></div><p></p>');
    const a = $('button');
    expect(selector(a)).toBe('button.buy');
    const b = document.createElement('button');
    b.className = 'buy';
    document.querySelector('p')!.append(b);
    expect(selector(a)).toBe('button.buy');
    const own = selector(b);
    expect(own).not.toBe('button.buy');
    expect(document.querySelector(own)).toBe(b);
  });
  it('rebuilds a selector that no longer finds its element', () => {
    html('<ul><li>a</li><li>b</li><li>c</li></ul><ol><li>d</li></ol>');
    const [a, b] = document.querySelectorAll('ul li');
    expect(selector(b!)).toContain(':nth-of-type(2)');
    a!.remove();
    const sel = selector(b!);
    expect(sel).toContain(':nth-of-type(1)');
    expect(document.querySelector(sel)).toBe(b);
  });
  it('leaves out a toggled on/off class', () => {
    html('<div><button class="toggle on">x</button><button class="toggle">y</button></div>');
    expect(selector($('button'))).not.toContain('.on');
  });
  it('is found again for every element of a page', () => {
    html('<header><nav><a href="/">a</a><a href="/b">b</a></nav></header><main><div class="grid"><div class="card"><button>Add</button></div><div class="card"><button>Add</button></div></div></main>');
    for (const el of document.body.querySelectorAll('*')) expect(document.querySelector(selector(el))).toBe(el);
  });
  it('crosses open shadow roots with >>', () => {
    html('<my-app></my-app>');
    const host = $('my-app');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<div><button class="buy">Buy</button></div>';
    const sel = selector(root.querySelector('button')!);
    expect(sel, sel).toBe('my-app >> button.buy');
  });
  // Hostile attribute values are re-found in Chromium (test/e2e/privacy.spec.ts): happy-dom's
  // selector parser rejects some valid escapes.
  it('keeps e-mail addresses out of selectors and masks text', () => {
    html('<input name="user-bob@example.com">');
    expect(selector($('input'))).not.toContain('bob');
    expect(mask('call 0123 456 or mail a.b@c.de')).toBe('call 0000 000 or mail *@*');
  });
});

describe('stability rules', () => {
  it('stable', () => {
    expect(stable('checkout-form')).toBe(true);
    expect(stable(':r5:')).toBe(false);
    expect(stable('mui-12')).toBe(false);
    expect(stable('item-20231105')).toBe(false);
    expect(stable('headlessui-menu-button-7')).toBe(false);
    expect(stable('react-select-2-input')).toBe(false);
    expect(stable('downshift-0-label')).toBe(false);
    expect(stable('add-to-cart-123')).toBe(false);
    expect(stable('step-two')).toBe(true);
    expect(stable('shipping-form')).toBe(true);
  });
  it('stableClass', () => {
    expect(stableClass('btn-primary')).toBe(true);
    expect(stableClass('sc-bdVaJa')).toBe(false);
    expect(stableClass('_3xKq1')).toBe(false);
    expect(stableClass('md:flex')).toBe(false);
    expect(stableClass('selected')).toBe(false);
  });
});
