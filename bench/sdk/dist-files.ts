import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/sdk/dist, resolved from this file so the bench runs from any working directory. */
export const distDir = resolve(fileURLToPath(new URL('../../packages/sdk/dist', import.meta.url)));

/**
 * The built files we measure, read once: bytes, the pages and the source maps then all come from
 * one build even if someone rebuilds the SDK while the bench runs. Paths are relative to dist/.
 */
export interface DistSnapshot {
  iife: string;
  vitals: string;
  /** The lazy micro-survey chunk: bytes only (the workload page enables no survey). */
  survey: string;
  esmEntry: string;
  esmChunks: string[];
  contents: Map<string, Buffer>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function read(): Promise<DistSnapshot> {
  const esm = (await readdir(join(distDir, 'esm'))).filter((f) => f.endsWith('.js'));
  const snap: DistSnapshot = {
    iife: 'touchmap.js',
    vitals: 'touchmap-vitals.js',
    survey: 'touchmap-survey.js',
    esmEntry: 'esm/index.js',
    esmChunks: esm.filter((f) => f !== 'index.js').map((f) => `esm/${f}`),
    contents: new Map(),
  };
  for (const f of [snap.iife, snap.vitals, snap.survey, snap.esmEntry, ...snap.esmChunks]) snap.contents.set(f, await readFile(join(distDir, f)));
  for (const f of [snap.iife, snap.vitals]) {
    // Source maps only name hot spots; a build without them still benches.
    await readFile(join(distDir, `${f}.map`)).then((m) => snap.contents.set(`${f}.map`, m), () => {});
  }
  return snap;
}

/**
 * Reads the SDK build. Someone may be rebuilding it as the bench starts (rollup replaces the
 * output), so a missing file is retried for a few seconds before we give up.
 */
export async function snapshotDist(): Promise<DistSnapshot> {
  let last: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await read();
    } catch (e) {
      last = e;
      await sleep(1000);
    }
  }
  const why = last instanceof Error ? last.message : String(last);
  throw new Error(`SDK build not found in ${distDir} (${why}): run \`pnpm build\` first (\`pnpm bench\` builds before it measures).`);
}
