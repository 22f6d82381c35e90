/**
 * The promo carousel under `[data-carousel]`: prev/next move the track one slide (wrapping at
 * both ends), so every click visibly changes the page.
 */
export function mountCarousel(root: HTMLElement): void {
  const track = root.querySelector<HTMLElement>('[data-testid="carousel-track"]')!;
  const slides = [...track.children] as HTMLElement[];
  const status = root.querySelector<HTMLElement>('[data-testid="carousel-index"]');
  let current = 0;
  const show = (i: number) => {
    current = (i + slides.length) % slides.length;
    track.style.transform = `translateX(${-100 * current}%)`;
    slides.forEach((s, n) => {
      s.setAttribute('aria-hidden', String(n !== current));
      // Off-screen slides must not take keyboard focus.
      s.inert = n !== current;
    });
    if (status) status.textContent = String(current + 1);
  };
  root.querySelector('[data-testid="carousel-prev"]')!.addEventListener('click', () => show(current - 1));
  root.querySelector('[data-testid="carousel-next"]')!.addEventListener('click', () => show(current + 1));
  show(0);
}
