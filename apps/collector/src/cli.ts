import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openDuckStore } from './store/duckdb.ts';

/**
 * `touchmap-collector [serve]`        runs the collector (defaults: 127.0.0.1:8787, ./.touchmap)
 * `touchmap-collector site add NAME`  creates a site (--origin … repeatable, --key to choose it)
 * `touchmap-collector token create SITE`  prints a new read token (stored hashed, shown once)
 * `touchmap-collector secret create SITE` prints a new secret key for server-side events (likewise)
 * `touchmap-collector events count`   counts stored events (--site NAME); the server must be stopped
 * Flags override env (TOUCHMAP_HOST, TOUCHMAP_PORT, TOUCHMAP_DATA, TOUCHMAP_RATE: batches a second
 * per site, bursts of twice that; default 1000).
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    host: { type: 'string', default: process.env.TOUCHMAP_HOST ?? '127.0.0.1' },
    port: { type: 'string', default: process.env.TOUCHMAP_PORT ?? '8787' },
    data: { type: 'string', default: process.env.TOUCHMAP_DATA ?? './.touchmap' },
    origin: { type: 'string', multiple: true, default: [] },
    key: { type: 'string' },
    site: { type: 'string' },
    rate: { type: 'string', default: process.env.TOUCHMAP_RATE ?? '1000' },
  },
});
const [command = 'serve', sub, name] = positionals;
const dir = resolve(values.data);

if (command === 'serve') {
  const store = await openDuckStore(dir);
  const server = serve({ fetch: createApp(store, { ratePerSecond: Number(values.rate) }).fetch, hostname: values.host, port: Number(values.port) }, (info) => {
    // The first line names the address: tests and scripts read it (port 0 picks a free one).
    console.log(`touchmap collector listening on http://${info.address}:${info.port} (data in ${dir})`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting, let requests in flight finish (their commits included), then close the
    // store. Idle keep-alive connections would hold close() open: close them now, and whatever
    // is still open after 5 s.
    const http = server as import('node:http').Server;
    http.close(() => void store.close().then(() => process.exit(0)));
    http.closeIdleConnections();
    setTimeout(() => http.closeAllConnections(), 5000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else if (command === 'site' && sub === 'add' && name) {
  const store = await openDuckStore(dir);
  const site = await store.addSite({ name, key: values.key ?? randomBytes(12).toString('base64url'), origins: values.origin });
  console.log(JSON.stringify({ site: site.name, key: site.key, origins: site.origins }));
  await store.close();
} else if ((command === 'token' || command === 'secret') && sub === 'create' && name) {
  const store = await openDuckStore(dir);
  console.log(await (command === 'token' ? store.createToken(name) : store.createSecret(name)));
  await store.close();
} else if (command === 'events' && sub === 'count') {
  const store = await openDuckStore(dir);
  console.log(await store.countEvents(values.site));
  await store.close();
} else {
  console.error('usage: touchmap-collector [serve] | site add NAME [--origin O]… [--key K] | token create SITE | secret create SITE | events count [--site NAME]  (--host --port --data)');
  process.exit(2);
}
