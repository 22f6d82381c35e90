import { pagePath } from '@touchmap/journey';

/**
 * Page groups (domain.md): URLs are grouped into page patterns before anything is counted per
 * page, so `/product/123` and `/product/456` are one page, `/product/:id`. The query string and
 * anchors are dropped, a hash router's route kept (`/#/product/12` is `/#/product/:id`); numeric,
 * UUID and hash-like segments collapse. Applied at ingest, so every per-page query groups by a
 * column instead of rewriting millions of URLs.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Hex of 16+ characters (hashes, object ids), or 20+ characters mixing letters and digits (tokens, slugs with ids). */
const HASH = /^(?:[0-9a-f]{16,}|(?=[a-z_-]*\d)(?=\d*[a-z])[0-9a-z_-]{20,})$/i;

export function pageGroup(url: string): string {
  // A hash router's route is part of the page (`/#/product/:id`): pagePath keeps it.
  return pagePath(url)
    .split('/')
    .map((seg) => (/^\d+$/.test(seg) ? ':id' : UUID.test(seg) ? ':uuid' : HASH.test(seg) ? ':hash' : seg))
    .join('/');
}
