// `pnpm start`: the demo shop with the snippet, and a local endpoint that validates and records
// every batch to ./.touchmap/batches.ndjson. (The collector replaces the endpoint when it lands.)
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCaptureServer } from '../../../test/support/capture-server.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = resolve(process.cwd(), '.touchmap');
const log = resolve(dataDir, 'batches.ndjson');
mkdirSync(dataDir, { recursive: true });

const endpoint = await startCaptureServer(8787);
let written = 0;
const timer = setInterval(() => {
  for (const r of endpoint.receipts.slice(written)) appendFileSync(log, JSON.stringify(r.batch) + '\n');
  written = endpoint.receipts.length;
}, 500);

const shop = spawn('pnpm', ['--filter', '@touchmap/demo-shop', 'preview'], { cwd: root, stdio: 'inherit' });
console.log(`
  touchmap (SDK + demo shop)
  demo shop   http://127.0.0.1:5174/
  endpoint    ${endpoint.url}/v1/batch  → ${log}
  Ctrl-C stops everything.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  shop.kill('SIGTERM');
  await endpoint.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
shop.on('exit', (code) => {
  if (!stopping) {
    console.error(`demo shop exited (${code})`);
    void stop();
  }
});
