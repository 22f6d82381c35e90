import { PAYMENT_PATH, type Step } from './step.ts';

/** What the customer typed, kept for the page's lifetime so going back to this step keeps it. */
export const shippingDetails = { name: '', email: '', address: '', postcode: '' };

type FieldName = keyof typeof shippingDetails;

// The postcode's message is deliberately unhelpful (planted friction); the others say what to fix.
const MESSAGES: Record<FieldName, string> = {
  name: 'Please enter your full name.',
  email: 'Please enter an email address like name@example.com.',
  address: 'Please enter your street address.',
  postcode: 'Invalid input',
};

const POSTCODE = /^[0-9]{5}$/;

export const shippingStep: Step = {
  name: 'shipping',
  title: 'Shipping details',
  summary: true,
  render(panel, go) {
    panel.innerHTML = `
      <h1 class="step-title" tabindex="-1">Shipping details</h1>
      <form class="form" novalidate data-testid="shipping-form">
        <div class="field">
          <label for="ship-name">Full name</label>
          <input id="ship-name" name="name" data-testid="name" autocomplete="name" required aria-describedby="ship-name-error">
          <p class="field-error" id="ship-name-error" hidden></p>
        </div>
        <div class="field">
          <label for="ship-email">Email</label>
          <input id="ship-email" type="email" name="email" data-testid="email" autocomplete="email" required aria-describedby="ship-email-error">
          <p class="field-error" id="ship-email-error" hidden></p>
        </div>
        <div class="field">
          <label for="ship-address">Address</label>
          <input id="ship-address" name="address" data-testid="address" autocomplete="street-address" required aria-describedby="ship-address-error">
          <p class="field-error" id="ship-address-error" hidden></p>
        </div>
        <div class="field field-short">
          <label for="ship-postcode">Postcode</label>
          <input id="ship-postcode" data-testid="postcode" name="postcode" required pattern="[0-9]{5}" autocomplete="postal-code" aria-describedby="ship-postcode-error">
          <p class="field-error" id="ship-postcode-error" data-testid="postcode-error" hidden></p>
        </div>
        <div class="field">
          <span class="label-text">Delivery</span>
          <!-- Planted friction: express delivery looks selectable and does nothing (sold out,
               and nobody says so). -->
          <button type="button" class="chip" data-testid="express-delivery">Express delivery, next day</button>
        </div>
        <div class="form-actions">
          <a class="text-link" href="/cart.html" data-testid="back-to-cart">&larr; Back to cart</a>
          <button type="submit" class="btn btn-primary" data-testid="to-payment">Continue to payment</button>
        </div>
      </form>`;

    const form = panel.querySelector('form')!;
    const input = (name: FieldName) => form.elements.namedItem(name) as HTMLInputElement;
    const setError = (name: FieldName, bad: boolean) => {
      const el = input(name);
      const msg = document.getElementById(`${el.id}-error`)!;
      if (bad) {
        el.setAttribute('aria-invalid', 'true');
        msg.textContent = MESSAGES[name];
        msg.hidden = false;
      } else {
        el.removeAttribute('aria-invalid');
        msg.hidden = true;
      }
    };
    const names = Object.keys(shippingDetails) as FieldName[];
    for (const name of names) input(name).value = shippingDetails[name];

    // `invalid` does not bubble, so it is caught on the way down. checkValidity() fires it per bad field.
    form.addEventListener('invalid', (e) => setError((e.target as HTMLInputElement).name as FieldName, true), true);

    // Planted friction: the postcode accepts exactly five digits and says only "Invalid input".
    const postcode = input('postcode');
    postcode.addEventListener('blur', () => setError('postcode', !POSTCODE.test(postcode.value)));

    for (const name of names.filter((n) => n !== 'postcode')) {
      input(name).addEventListener('input', () => {
        if (input(name).hasAttribute('aria-invalid') && input(name).checkValidity()) setError(name, false);
      });
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      for (const name of names) if (input(name).validity.valid) setError(name, false);
      if (!form.checkValidity()) {
        form.querySelector<HTMLInputElement>(':invalid')?.focus();
        return;
      }
      for (const name of names) shippingDetails[name] = input(name).value.trim();
      go(PAYMENT_PATH);
    });
  },
};
