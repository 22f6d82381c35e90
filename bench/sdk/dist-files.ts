import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/sdk/dist, resolved from this file so the bench runs from any working directory. */
export const distDir = resolve(fileURLToPath(new URL('../../packages/sdk/dist', import.meta.url)));

/** The built files we measure, by role, as paths relative to `distDir`. */
export interface DistFiles {
  iife: string;
  vitals: string;
  esmEntry: string;
  esmChunks: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function find(): Promise<DistFiles> {
  const esm = (await readdir(join(distDir, 'esm'))).filter((f) => f.endsWith('.js'));
  const files: DistFiles = {
    iife: 'touchmap.js',
    vitals: 'touchmap-vitals.js',
    esmEntry: 'esm/index.js',
    esmChunks: esm.filter((f) => f !== 'index.js').map((f) => `esm/${f}`),
  };
  // Reading (not just stat-ing) proves the file is there and complete enough to open.
  for (const f of [files.iife, files.vitals, files.esmEntry, ...files.esmChunks]) await readFile(join(distDir, f));
  return files;
}

/**
 * Finds the SDK build. Someone may be rebuilding it while the bench starts (rollup empties the
 * output first), so a missing file is retried for a few seconds before we give up.
 */
export async function findDist(): Promise<DistFiles> {
  let last: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await find();
    } catch (e) {
      last = e;
      await sleep(1000);
    }
  }
  const why = last instanceof Error ? last.message : String(last);
  throw new Error(`SDK build not found in ${distDir} (${why}): run \`pnpm build\` first (or \`pnpm bench\`, which builds).`);
}
