// `pnpm --filter @touchmap/sdk size`: raw, gzip -9 and brotli 11 bytes of every built script,
// the same measure as bench/sdk/bytes.ts, without running the bench. Build first.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET = 6144;
// The micro-survey chunk (issue 4): fetched only on sites that enable it, when a trigger fires.
const SURVEY_BUDGET = 2048;
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
const survey = rows.find((r) => r.file === 'touchmap-survey.js');
if (survey) console.log(`touchmap-survey.js: ${survey.gzip} B gzip, budget ${SURVEY_BUDGET} B: ${survey.gzip <= SURVEY_BUDGET ? 'within' : `over by ${survey.gzip - SURVEY_BUDGET} B`}`);
