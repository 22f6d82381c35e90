/** Moves the checkout to another step's path without a page load. */
export type Navigate = (path: string) => void;

/** One step of the client-routed checkout. */
export interface Step {
  /** The `checkout:<name>` funnel step this renders. */
  name: string;
  title: string;
  /** Whether the order summary sits beside the step. */
  summary: boolean;
  render(panel: HTMLElement, go: Navigate): void;
}

export const SHIPPING_PATH = '/checkout/shipping';
export const PAYMENT_PATH = '/checkout/payment';
export const CONFIRMATION_PATH = '/checkout/confirmation';
