import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startCollector, stopCollector } from '../../apps/collector/src/spawn.ts';

export interface DemoCollector {
  /** The running collector's base URL. */
  url: string;
  /** A read token of the demo site. */
  token: string;
  /** Runs the collector CLI against this data directory (more tokens, secrets…). */
  cli: (...args: string[]) => Promise<string>;
  /** GET a read endpoint of the demo site with the read token; its JSON. */
  read: (path: string) => Promise<any>;
  stop: () => Promise<void>;
}

/**
 * A real collector in a temporary data directory with the demo site (key "demo", as the shop's
 * snippet carries), a read token and the shop's journey.json — what the journey, overlay and
 * dashboard specs start from.
 */
export async function startDemoCollector(name: string, { origin }: { origin?: string } = {}): Promise<DemoCollector> {
  const dir = mkdtempSync(join(tmpdir(), `touchmap-${name}-e2e-`));
  await cli(dir, 'site', 'add', 'demo', '--key', 'demo', ...(origin ? ['--origin', origin] : []));
  const token = await cli(dir, 'token', 'create', 'demo');
  await cli(dir, 'journey', 'set', 'demo', new URL('../../apps/demo-shop/journey.json', import.meta.url).pathname);
  const { url, proc } = await startCollector(dir);
  return {
    url,
    token,
    cli: (...args) => cli(dir, ...args),
    read: async (path) => {
      const r = await fetch(`${url}/v1/sites/demo/${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await r.json();
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)}`);
      return body;
    },
    stop: async () => {
      await stopCollector(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
