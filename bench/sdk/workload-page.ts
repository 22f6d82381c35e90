/**
 * A page without the tracker, and the same page with it: the only difference we measure. `against`
 * is the same page with another build of the tracker (`pnpm bench:ab`), served from /against/.
 */
export type Variant = 'baseline' | 'tracker' | 'against';

export const PRODUCT_CARDS = 40;
const ARTICLE_SECTIONS = 4;

// The snippet from the README: a call queue, then the async tag, exactly as a site embeds it.
const trackerTags = (endpoint: string, dir: string) => `
<script>window.touchmap=window.touchmap||function(){(touchmap.q=touchmap.q||[]).push(arguments)}; touchmap('init',{site:'bench',endpoint:${JSON.stringify(endpoint)}})</script>
<script async src="${dir}/touchmap.js" data-site="bench" data-endpoint="${endpoint}"></script>`;

const card = (i: number) => `
  <article class="card" id="p${i}">
    <div class="thumb" style="--h:${(i * 37) % 360}"></div>
    <h3><a href="#p${i}">Product ${i + 1}</a></h3>
    <p class="price">€${(9.9 + i * 3.15).toFixed(2)}</p>
    <p class="blurb">Everyday ${['oak', 'steel', 'linen', 'wool'][i % 4]}, made to last.</p>
    <button type="button" data-toggle>Add to cart</button>
  </article>`;

const paragraph = (i: number, j: number) =>
  `<p>Section ${i + 1}, paragraph ${j + 1}. Friction is the small cost a visitor pays for every unclear label, ` +
  `every slow response and every button that does nothing; none of it is large on its own, but a checkout is a ` +
  `long sequence of small costs, and visitors leave at the one that tips them over. We measure it so we can remove it.</p>`;

const section = (i: number) => `
  <section>
    <h2>Chapter ${i + 1}</h2>
    ${[0, 1, 2].map((j) => paragraph(i, j)).join('\n    ')}
    <button type="button" data-toggle>Helpful</button>
  </section>`;

/**
 * The workload page: a header, 40 product cards, an article long enough to scroll about five
 * viewports, and a six-field form. Buttons toggle a class, so every click changes the DOM the way
 * a real button answers (and the tracker's dead-click detector sees an answered click).
 * Self-contained: no images, fonts or third-party requests, so the network adds no noise.
 */
export function workloadPage(variant: Variant, endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>touchmap bench (${variant})</title>${variant === 'baseline' ? '' : trackerTags(endpoint, variant === 'against' ? '/against' : '')}
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #222; }
  header { display: flex; gap: 1rem; align-items: center; padding: 1rem 2rem; background: #123; color: #fff; }
  header nav { display: flex; gap: 1rem; flex: 1; }
  header a { color: #cde; }
  main { max-width: 1200px; margin: 0 auto; padding: 1rem 2rem; }
  .grid { display: grid; grid-template-columns: repeat(5, 1fr); gap: 1rem; }
  .card { border: 1px solid #ccd; border-radius: 8px; padding: .75rem; }
  .thumb { height: 56px; border-radius: 4px; background: linear-gradient(135deg, hsl(var(--h) 60% 70%), hsl(var(--h) 60% 40%)); }
  .card h3 { margin: .5rem 0 0; font-size: 1rem; }
  .price, .blurb { margin: .25rem 0; }
  .price { font-weight: 600; }
  button { font: inherit; padding: .4rem .8rem; border-radius: 4px; border: 1px solid #345; background: #fff; }
  button.on { background: #345; color: #fff; }
  article.long { max-width: 720px; margin: 2rem auto; }
  form { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; max-width: 720px; margin: 2rem auto 6rem; }
  label { display: grid; gap: .25rem; }
  input, select, textarea { font: inherit; padding: .4rem; }
  textarea { grid-column: 1 / -1; height: 6rem; }
</style>
</head>
<body>
<header>
  <strong>Bench Shop</strong>
  <nav><a href="#shop">Shop</a><a href="#story">Story</a><a href="#contact">Contact</a></nav>
  <button type="button" data-toggle>Menu</button>
  <button type="button" data-toggle>Cart</button>
</header>
<main>
  <h1 id="shop">Everyday things</h1>
  <div class="grid">${Array.from({ length: PRODUCT_CARDS }, (_, i) => card(i)).join('')}
  </div>
  <article class="long" id="story">
    <h1>Why friction matters</h1>${Array.from({ length: ARTICLE_SECTIONS }, (_, i) => section(i)).join('')}
  </article>
  <form id="contact" onsubmit="return false">
    <label>Name <input name="name" autocomplete="off"></label>
    <label>Email <input name="email" type="email" autocomplete="off"></label>
    <label>Phone <input name="phone" type="tel" autocomplete="off"></label>
    <label>City <input name="city" autocomplete="off"></label>
    <label>Country <select name="country">${['Austria', 'Belgium', 'Denmark', 'France', 'Germany', 'Norway', 'Spain', 'Sweden']
      .map((c) => `<option>${c}</option>`)
      .join('')}</select></label>
    <textarea name="message" aria-label="Message"></textarea>
    <button type="button" data-toggle>Send</button>
  </form>
</main>
<script>
  // The page's own behaviour, the same in both variants: buttons answer by toggling a class.
  document.addEventListener('click', (e) => {
    const b = e.target instanceof Element && e.target.closest('button[data-toggle]');
    if (b) b.classList.toggle('on');
  });
</script>
</body>
</html>`;
}
