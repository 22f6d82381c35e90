import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { workloadPage, type Variant } from './workload-page.ts';

export interface BenchServer {
  url: string;
  /** Batches the tracker delivered: proof that the tracker under test was actually running. */
  batches: () => number;
  close: () => Promise<void>;
}

const pages: Record<string, Variant> = { '/baseline': 'baseline', '/tracker': 'tracker', '/against': 'against' };

/**
 * One local origin for the pages, the SDK's script-tag files (from the snapshot, by name) and the
 * batch endpoint. Loopback only, and an
 * instant 200 for batches, so delivery costs the page what the SDK's own code costs and nothing
 * that depends on a network.
 */
export async function startServer(scripts: Map<string, Buffer>): Promise<BenchServer> {
  let batches = 0;
  let url = '';

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
      });
      return res.end();
    }
    if (req.method === 'POST' && path === '/v1/batch') {
      req.resume();
      req.on('end', () => {
        batches++;
        send(res, 200, 'application/json', '{}');
      });
      return;
    }
    const variant = pages[path];
    if (variant) return send(res, 200, 'text/html; charset=utf-8', workloadPage(variant, url));
    // The build under test at the root; another build, to compare with, under /against/.
    const script = /^(\/against)?\/touchmap(-vitals)?\.js$/.test(path) && scripts.get(path.slice(1));
    if (script) return send(res, 200, 'text/javascript', script);
    send(res, 404, 'text/plain', 'not found');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    batches: () => batches,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // keepalive fetches leave idle sockets open; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
