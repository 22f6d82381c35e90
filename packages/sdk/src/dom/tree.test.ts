// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { unjudged } from './tree.ts';

const html = (markup: string) => {
  document.body.innerHTML = markup;
  return (id: string) => document.querySelector(`[data-id="${id}"]`)!;
};

describe('controls whose click is never judged dead or rage', () => {
  it('takes the current item of a set, by ARIA or by being the only one marked so among its like', () => {
    const $ = html(`
      <div><span data-id="bullet" class="swiper-pagination-bullet swiper-pagination-bullet-active"></span><span class="swiper-pagination-bullet"></span></div>
      <nav><a data-id="here" aria-current="page">Home</a><a aria-current="false" data-id="not-here">Shop</a></nav>
      <div role="tablist"><button role="tab" aria-selected="true" data-id="tab">A</button><button role="tab">B</button></div>
      <div><button class="btn active" data-id="lone">Favourite</button></div>
      <div><button class="opt selected" data-id="one-of-two">A</button><button class="opt selected">B</button></div>
      <div><span class="dot inactive" data-id="inactive"></span><span class="dot"></span></div>`);
    const judged = (id: string) => !unjudged($(id), $(id));
    expect(['bullet', 'here', 'tab'].map(judged)).toEqual([false, false, false]);
    // Alone in its parent (a toggle), one of several marked, or merely "inactive": judged.
    expect(['lone', 'one-of-two', 'inactive', 'not-here'].map(judged)).toEqual([true, true, true, true]);
  });
});
