// The lazily loaded half of the micro-survey: a card in a shadow root (page styles cannot reach
// it), styled by a constructable stylesheet and built with DOM calls (no inline styles, no
// innerHTML, no eval: it runs under strict CSP and Trusted Types).

const CSAT = ['very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'];
const EMOJI = ['😠', '🙁', '😐', '🙂', '😍'];
const EMOJI_NAMES = ['angry', 'unhappy', 'neutral', 'happy', 'delighted'];

// Fixed on the host, so the card is out of the page's flow and shifts nothing; `all: initial`
// keeps inherited page styles (fonts, colours, text-align) out.
const CSS =
  ':host{all:initial;position:fixed;right:16px;bottom:16px;z-index:2147483647}' +
  '.c{position:relative;padding:14px 40px 14px 16px;background:#fff;color:#222;border:1px solid #ccc;border-radius:10px;box-shadow:0 6px 24px #0003;font:15px system-ui,sans-serif}' +
  'p{margin:0 0 10px}[role=radiogroup]{display:flex;gap:6px}' +
  // #777 on white: the 3:1 contrast WCAG asks of a control's boundary.
  'button{font:inherit;color:inherit;min-width:40px;height:40px;border:1px solid #777;border-radius:8px;background:#fff;cursor:pointer}' +
  '.e{font-size:22px}.x{position:absolute;top:4px;right:4px;min-width:32px;border:0;font-size:20px}' +
  ':focus-visible{outline:3px solid #25e;outline-offset:2px}';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, attrs: Record<string, string>, text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]!);
  e.textContent = text;
  parent.appendChild(e);
  return e;
};

/**
 * Shows `question` with five answers (1 = worst … 5 = best) as a non-modal dialog in the page's
 * bottom-right corner. `answer` gets the value once; a thank-you follows, then it closes. Escape
 * or the close button dismiss it (nothing is reported). Keyboard: Tab reaches the answers, arrow
 * keys move between them, Enter or Space answers. Focus moves into it only when nothing else has
 * focus, so it never interrupts typing. Returns a function that removes it.
 */
export function showSurvey(question: string, scale: 'csat' | 'emoji', answer: (v: number) => void): () => void {
  const before = document.activeElement;
  const host = document.createElement('touchmap-survey');
  // Our own clicks are not the page's friction.
  host.setAttribute('data-touchmap-ignore', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const card = el('div', root, { class: 'c', role: 'dialog', 'aria-labelledby': 'q', tabindex: '-1' });
  el('p', card, { id: 'q' }, question);
  const group = el('div', card, { role: 'radiogroup', 'aria-labelledby': 'q' });
  let done = false;
  const close = () => {
    // Focus inside the card would fall to <body> with it: give it back to where it was.
    if (root.activeElement && before instanceof HTMLElement && before.isConnected) before.focus();
    host.remove();
  };
  const emoji = scale == 'emoji';
  const options = [1, 2, 3, 4, 5].map((v, i) => {
    const b = el('button', group, {
      type: 'button',
      role: 'radio',
      'aria-checked': 'false',
      'aria-label': `${v} of 5, ${(emoji ? EMOJI_NAMES : CSAT)[i]}`,
      // Roving tabindex: the group is one Tab stop, arrows move inside it.
      tabindex: i ? '-1' : '0',
      ...(emoji && { class: 'e' }),
    }, emoji ? EMOJI[i] : '' + v);
    b.onclick = () => {
      if (done) return;
      done = true;
      b.setAttribute('aria-checked', 'true');
      answer(v);
      const focused = !!root.activeElement;
      group.replaceWith(el('p', card, { role: 'status' }, 'Thank you!'));
      if (focused) card.focus();
      setTimeout(close, 1500);
    };
    return b;
  });
  el('button', card, { type: 'button', class: 'x', 'aria-label': 'Close survey' }, '×').onclick = close;
  root.addEventListener('keydown', (ev) => {
    const e = ev as KeyboardEvent;
    if (e.key == 'Escape') return close();
    const i = options.indexOf(root.activeElement as HTMLButtonElement);
    const step = ({ ArrowRight: 1, ArrowDown: 1, ArrowLeft: 4, ArrowUp: 4 } as Record<string, number>)[e.key];
    if (i < 0 || !step) return;
    // Our own widget: the arrows move between answers instead of scrolling the page.
    e.preventDefault();
    const next = options[(i + step) % 5]!;
    options[i]!.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  document.body.appendChild(host);
  if (!before || before == document.body) card.focus();
  return close;
}
