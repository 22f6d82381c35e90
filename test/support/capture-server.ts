import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { Batch, type Event } from '@touchmap/protocol';

const here = (p: string) => new URL(p, import.meta.url).pathname;
const STATIC: Record<string, string> = {
  '/fixture/controls.html': here('../fixtures/controls.html'),
  '/fixture/survey.html': here('../fixtures/survey.html'),
  '/fixture/frameworks.html': here('../fixtures/frameworks.html'),
  '/fixture/widgets.html': here('../fixtures/widgets.html'),
  '/fixture/app-shell.html': here('../fixtures/app-shell.html'),
  '/fixture/noisy-errors.html': here('../fixtures/noisy-errors.html'),
  '/fixture/canvas-controls.html': here('../fixtures/canvas-controls.html'),
  '/fixture/csp.html': here('../fixtures/csp.html'),
  '/fixture/hash-router.html': here('../fixtures/hash-router.html'),
  '/fixture/browser-asks.html': here('../fixtures/browser-asks.html'),
  '/fixture/web-components.html': here('../fixtures/web-components.html'),
  '/fixture/self-changing.html': here('../fixtures/self-changing.html'),
  '/fixture/webgl-late.html': here('../fixtures/webgl-late.html'),
  '/fixture/frames.html': here('../fixtures/frames.html'),
  '/fixture/library-widgets.html': here('../fixtures/library-widgets.html'),
  // Real widget libraries, as sites load them, for library-widgets.html.
  '/lib/bootstrap.bundle.min.js': here('../../node_modules/bootstrap/dist/js/bootstrap.bundle.min.js'),
  '/lib/bootstrap.min.css': here('../../node_modules/bootstrap/dist/css/bootstrap.min.css'),
  '/lib/flatpickr.min.js': here('../../node_modules/flatpickr/dist/flatpickr.min.js'),
  '/lib/flatpickr.min.css': here('../../node_modules/flatpickr/dist/flatpickr.min.css'),
  '/lib/swiper-bundle.min.js': here('../../node_modules/swiper/swiper-bundle.min.js'),
  '/lib/swiper-bundle.min.css': here('../../node_modules/swiper/swiper-bundle.min.css'),
  '/fixture/more-libraries.html': here('../fixtures/more-libraries.html'),
  '/lib/jquery.min.js': here('../../node_modules/jquery/dist/jquery.min.js'),
  '/lib/jquery-ui.min.js': here('../../node_modules/jquery-ui/dist/jquery-ui.min.js'),
  '/lib/jquery-ui.min.css': here('../../node_modules/jquery-ui/dist/themes/base/jquery-ui.min.css'),
  '/lib/flickity.pkgd.min.js': here('../../node_modules/flickity/dist/flickity.pkgd.min.js'),
  '/lib/flickity.css': here('../../node_modules/flickity/css/flickity.css'),
  '/lib/splide.min.js': here('../../node_modules/@splidejs/splide/dist/js/splide.min.js'),
  '/lib/splide.min.css': here('../../node_modules/@splidejs/splide/dist/css/splide.min.css'),
  '/lib/tom-select.complete.min.js': here('../../node_modules/tom-select/dist/js/tom-select.complete.min.js'),
  '/lib/tom-select.css': here('../../node_modules/tom-select/dist/css/tom-select.css'),
  '/fixture/shoelace.html': here('../fixtures/shoelace.html'),
  '/touchmap.js': here('../../packages/sdk/dist/touchmap.js'),
  '/touchmap-vitals.js': here('../../packages/sdk/dist/touchmap-vitals.js'),
  '/touchmap-survey.js': here('../../packages/sdk/dist/touchmap-survey.js'),
};

/** Response headers of some test pages. */
const HEADERS: Record<string, Record<string, string>> = {
  // Scripts by nonce only (no host, no 'strict-dynamic'): what the SDK adds must carry the nonce.
  '/fixture/csp.html': { 'content-security-policy': "script-src 'nonce-tm-fixture-nonce'; connect-src 'self'" },
};

/** One received batch, as it arrived. */
export interface Receipt {
  at: number;
  batch: Batch;
  /** The raw body, for searching payloads for things that must never be in them. */
  raw: string;
  contentType: string;
}

/**
 * A local collector stand-in for tests (and for `pnpm start` until the real collector lands):
 * records every batch it accepts, validates each against @touchmap/protocol (so tests prove the
 * SDK's payloads are valid), answers CORS like the collector will, and can be told to fail.
 * Like the collector, it stores each event id once; events received again (a request that was
 * in flight when its page died is resent by the next load) are counted in `resent()`.
 */
export async function startCaptureServer(port = 0) {
  const receipts: Receipt[] = [];
  const stored: (Event & { sid: string; pv: string })[] = [];
  const seen = new Map<string, number>();
  const invalid: { raw: string; why: string }[] = [];
  let failures: { status: number; retryAfter?: string }[] = [];
  let attempts = 0;

  const cors = (res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-expose-headers', 'retry-after');
  };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      req.on('error', reject);
    });

  const server = createServer(async (req, res) => {
    cors(res);
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    // Test pages and the SDK build, so fixture pages have a real loopback origin of their own.
    const path = (req.url ?? '').split('?')[0]!;
    // Shoelace's CDN build loads its chunks and components by relative import: a folder, served
    // under /lib/shoelace/ (names checked: no way out of it).
    const shoelace = /^\/lib\/shoelace\/([\w./-]+\.(?:js|css))$/.exec(path);
    const file = req.method === 'GET' && (STATIC[path] ?? (shoelace && !shoelace[1]!.includes('..') && here(`../../node_modules/@shoelace-style/shoelace/cdn/${shoelace[1]}`)));
    if (file) {
      try {
        return res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html', ...HEADERS[path] }).end(readFileSync(file));
      } catch {
        return res.writeHead(404).end();
      }
    }
    if (req.method !== 'POST' || req.url !== '/v1/batch') return res.writeHead(404).end();
    const raw = await read(req);
    attempts++;
    const fail = failures.shift();
    if (fail) {
      if (fail.retryAfter) res.setHeader('retry-after', fail.retryAfter);
      return res.writeHead(fail.status, { 'content-type': 'application/json' }).end('{"error":"planned failure"}');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      invalid.push({ raw, why: 'not JSON' });
      return res.writeHead(400).end('{"error":"malformed JSON"}');
    }
    const r = v.safeParse(Batch, json);
    if (!r.success) {
      const why = r.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join('; ');
      invalid.push({ raw, why });
      return res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: why }));
    }
    receipts.push({ at: Date.now(), batch: r.output, raw, contentType: String(req.headers['content-type']) });
    for (const e of r.output.events) {
      seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
      if (seen.get(e.id) === 1) stored.push({ ...e, sid: r.output.sid, pv: r.output.pv });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const events = (k?: Event['k']) => stored.filter((e) => !k || e.k === k);

  return {
    url,
    receipts,
    invalid,
    /** Every event stored (each id once), optionally of one kind, with its batch's session and page view. */
    events,
    /** Ids of events that arrived more than once on the wire. */
    resent: () => [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    /** Requests received, failed ones included. */
    attempts: () => attempts,
    /** Answer the next requests with these failures, in order. */
    fail(...f: { status: number; retryAfter?: string }[]) {
      failures = f;
    },
    /** Waits until `pred` holds over the received events. */
    async waitFor(pred: () => boolean, timeoutMs = 10_000, what = 'events'): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got: ${JSON.stringify(events().map((e) => (e.k === 'vital' ? e : e.k)))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    // A browser may hold keep-alive or half-sent requests open: drop them rather than wait.
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export type CaptureServer = Awaited<ReturnType<typeof startCaptureServer>>;
