// `pnpm start`: the collector (embedded DuckDB in ./.touchmap/, serving the dashboard and the
// overlay) and the demo shop with the snippet pointing at it. The first start creates the demo
// site (site key "demo", the key the shop's snippet carries) and its journey. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkJourney } from '../../../packages/journey/src/index.ts';
import { openDuckStore } from '../../collector/src/store/duckdb.ts';
import { SERVE_NODE_FLAGS } from '../../collector/src/serve-flags.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const data = resolve(process.cwd(), '.touchmap');

// The store is opened here only to create the demo site, then closed: DuckDB has one writer.
const store = await openDuckStore(data);
// Its origin is the shop's: where the dashboard opens the overlay.
if (!(await store.siteByKey('demo'))) await store.addSite({ name: 'demo', key: 'demo', origins: ['http://127.0.0.1:5174', 'http://localhost:5174'] });
// The shop's journey (apps/demo-shop/journey.json) on first start, so the map has something to say.
const site = (await store.siteByName('demo'))!;
if (!(await store.journey(site))) {
  const checked = checkJourney(JSON.parse(readFileSync(resolve(root, 'apps/demo-shop/journey.json'), 'utf8')));
  if (!checked.ok) throw new Error(`apps/demo-shop/journey.json: ${checked.errors.join('; ')}`);
  await store.putJourney(site, checked.journey, 'file');
}
// An edit token: it reads, and may tag touchpoints from the overlay. Kept beside the data (0600)
// and shown again on the next start while it still opens the demo site, so a dashboard signed in
// yesterday still works and tokens do not pile up.
const tokenFile = resolve(data, 'start-token');
const saved = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
const token = saved && (await store.siteByToken(saved))?.name === 'demo' ? saved : await store.createToken('demo', 'edit');
if (token !== saved) writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
await store.close();

const children = [
  spawn('node', [...SERVE_NODE_FLAGS, resolve(root, 'apps/collector/bin/touchmap-collector.mjs'), 'serve', '--port', '8787', '--data', data], { stdio: 'inherit' }),
  spawn('pnpm', ['--filter', '@touchmap/demo-shop', 'preview'], { cwd: root, stdio: 'inherit' }),
];
console.log(`
  touchmap
  demo shop   http://127.0.0.1:5174/
  collector   http://127.0.0.1:8787/  (site key "demo", data in ${data})
  dashboard   http://127.0.0.1:8787/dashboard/   (sign in with the token below)
  overlay     http://127.0.0.1:5174/?touchmap=overlay
  traffic     pnpm simulate --sessions 30   (headless shoppers, in another terminal)
  token       ${token}   (reads and tags touchpoints; kept in ${tokenFile};
              e.g. curl -H "authorization: Bearer ${token}" http://127.0.0.1:8787/v1/sites/demo/journey/map)
  Ctrl-C stops everything.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    if (!stopping) console.error(`a process exited (${code}); stopping`);
    stop();
    if (children.every((x) => x.exitCode !== null || x.signalCode !== null)) process.exit(0);
  });
