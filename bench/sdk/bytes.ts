import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The script tag's budget: what a visitor downloads before the SDK runs. */
export const IIFE_GZIP_BUDGET = 6144;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Raw, gzip -9 and brotli q11 sizes: the best a server that compresses ahead of time can do. */
export async function measureBytes(dir: string, file: string): Promise<FileSize> {
  const buf = await readFile(join(dir, file));
  return {
    file,
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
