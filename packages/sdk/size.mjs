// `pnpm --filter @touchmap/sdk size`: raw, gzip -9 and brotli 11 bytes of every built script,
// the same measure as bench/sdk/bytes.ts, without running the bench. Build first.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET = 6144;
const dist = new URL('./dist/', import.meta.url);
const files = [
  ...readdirSync(dist).filter((f) => f.endsWith('.js')),
  ...readdirSync(new URL('esm/', dist)).filter((f) => f.endsWith('.js')).map((f) => 'esm/' + f),
];
const rows = files.map((file) => {
  const buf = readFileSync(new URL(file, dist));
  return {
    file,
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
console.table(rows);
const main = rows.find((r) => r.file === 'touchmap.js');
if (main) console.log(`touchmap.js: ${main.gzip} B gzip, budget ${BUDGET} B: ${main.gzip <= BUDGET ? 'within' : `over by ${main.gzip - BUDGET} B`}`);
