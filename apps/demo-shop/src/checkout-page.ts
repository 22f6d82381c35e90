import { confirmationStep } from './checkout/confirmation-step.ts';
import { orderSummary } from './checkout/order-summary.ts';
import { paymentStep } from './checkout/payment-step.ts';
import { shippingStep } from './checkout/shipping-step.ts';
import { CONFIRMATION_PATH, PAYMENT_PATH, SHIPPING_PATH, type Step } from './checkout/step.ts';
import { mountHeader } from './site-header.ts';

// One HTML page for all of /checkout/*: steps change by pushState, like a single-page app's router.
const STEPS: Record<string, Step> = {
  [SHIPPING_PATH]: shippingStep,
  [PAYMENT_PATH]: paymentStep,
  [CONFIRMATION_PATH]: confirmationStep,
};
const ORDER = [shippingStep, paymentStep, confirmationStep];

mountHeader();
const root = document.querySelector<HTMLElement>('[data-checkout]')!;

function render(): void {
  const step = STEPS[location.pathname.replace(/\/+$/, '')];
  if (!step) {
    history.replaceState(null, '', SHIPPING_PATH);
    return render();
  }
  document.title = `${step.title} · Checkout · Fern & Field`;
  const at = ORDER.indexOf(step);
  root.innerHTML = `
    <ol class="progress" aria-label="Checkout progress">
      ${ORDER.map(
        (s, i) =>
          `<li class="${i < at ? 'done' : i === at ? 'current' : ''}"${i === at ? ' aria-current="step"' : ''}><span class="progress-dot">${i + 1}</span>${s.title}</li>`,
      ).join('')}
    </ol>
    <div class="checkout-layout${step.summary ? '' : ' checkout-single'}">
      <section class="panel" data-funnel-step="checkout:${step.name}"></section>
      ${step.summary ? orderSummary() : ''}
    </div>`;
  step.render(root.querySelector<HTMLElement>('.panel')!, go);
}

function go(path: string): void {
  history.pushState(null, '', path);
  render();
  // Tell screen readers the view changed, as a page load would.
  root.querySelector<HTMLElement>('.step-title')?.focus();
}

// In-app links (data-spa) move between steps without a page load.
root.addEventListener('click', (e) => {
  const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-spa]');
  if (!a || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  go(a.pathname);
});
addEventListener('popstate', render);
render();
