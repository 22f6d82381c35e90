import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Files a running collector keeps in its data directory so the CLI can reach it: `admin.token`
 * (the admin API's credential, created once, owner-only) and `collector.json` (where it listens,
 * its pid; removed on a clean stop).
 */
export const adminTokenFile = (dir: string) => join(dir, 'admin.token');
const runningFile = (dir: string) => join(dir, 'collector.json');

export function ensureAdminToken(dir: string): string {
  const file = adminTokenFile(dir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = 'tma_' + randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

export interface Running {
  url: string;
  pid: number;
}

export const writeRunning = (dir: string, r: Running) => writeFileSync(runningFile(dir), JSON.stringify(r) + '\n');
export const clearRunning = (dir: string) => rmSync(runningFile(dir), { force: true });

/** The collector serving this data directory, if its process is alive (a kill -9 leaves the file behind). */
export function running(dir: string): Running | undefined {
  try {
    const r = JSON.parse(readFileSync(runningFile(dir), 'utf8')) as Running;
    process.kill(r.pid, 0);
    return r;
  } catch {
    return undefined;
  }
}
