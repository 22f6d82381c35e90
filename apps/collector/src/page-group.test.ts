import { describe, expect, it } from 'vitest';
import { pageGroup } from './page-group.ts';

describe('pageGroup', () => {
  it('collapses ids, UUIDs and hashes; keeps words', () => {
    expect(pageGroup('/product/123')).toBe('/product/:id');
    expect(pageGroup('/product/456?ref=home#reviews')).toBe('/product/:id');
    expect(pageGroup('/orders/3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c/receipt')).toBe('/orders/:uuid/receipt');
    expect(pageGroup('/commit/9fceb02d0ae598e95dc970b74767f19372d61af8')).toBe('/commit/:hash');
    expect(pageGroup('/invite/a8F3kLm02QxZ7pTy9wVb')).toBe('/invite/:hash');
    expect(pageGroup('/checkout/shipping')).toBe('/checkout/shipping');
    expect(pageGroup('/blog/how-to-choose-running-shoes')).toBe('/blog/how-to-choose-running-shoes');
    expect(pageGroup('/2024/summer-sale')).toBe('/:id/summer-sale');
  });
  it("keeps a hash router's route, collapsed the same way; drops anchors", () => {
    expect(pageGroup('/#/product/123?ref=home')).toBe('/#/product/:id');
    expect(pageGroup('/app#!/orders/3f2b8c1e-7a4d-4e2b-9c1a-0d5e6f7a8b9c')).toBe('/app/#/orders/:uuid');
    expect(pageGroup('/product/456#reviews')).toBe('/product/:id');
    expect(pageGroup('/#/')).toBe('/');
  });
  it('keeps the root and empty paths', () => {
    expect(pageGroup('/')).toBe('/');
    expect(pageGroup('?q=shoes')).toBe('/');
  });
});
