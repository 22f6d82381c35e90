import type { Page } from '@playwright/test';

/** Fills the demo shop's shipping form with valid details and continues to payment. */
export async function fillShipping(page: Page): Promise<void> {
  await page.getByTestId('name').fill('Ada Lovelace');
  await page.getByTestId('email').fill('ada@example.com');
  await page.getByTestId('address').fill('1 Analytical St');
  await page.getByTestId('postcode').fill('12345');
  await page.getByTestId('to-payment').click();
  await page.waitForURL('**/checkout/payment');
}
