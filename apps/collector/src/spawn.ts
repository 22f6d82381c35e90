// Starting a real collector process and running its CLI, for tests (collector's own and the
// browser tests') and benchmarks: no mocked storage anywhere.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVE_NODE_FLAGS } from './serve-flags.ts';

const BIN = new URL('../bin/touchmap-collector.mjs', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs `touchmap-collector ARGS --data DIR` (through the running collector's admin API if one serves DIR). */
export const cli = async (dir: string, ...args: string[]): Promise<string> => (await run('node', [BIN, ...args, '--data', dir])).stdout.trim();

export interface Running {
  url: string;
  proc: ChildProcess;
  /** Every structured log line the collector wrote to stdout so far. */
  logs: Record<string, unknown>[];
}

/** Starts `touchmap-collector serve` on a free loopback port; resolves once it listens. */
export async function startCollector(dir: string, ...flags: string[]): Promise<Running> {
  // COLLECTOR_NODE_FLAGS: flags for the collector's node (e.g. `--cpu-prof --cpu-prof-dir=DIR` to
  // profile it under the bench; NODE_OPTIONS refuses --cpu-prof).
  const nodeFlags = process.env.COLLECTOR_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn('node', [...SERVE_NODE_FLAGS, ...nodeFlags, BIN, 'serve', '--port', '0', '--data', dir, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const logs: Record<string, unknown>[] = [];
  let rest = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      const lines = (rest + String(d)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line));
        } catch {
          logs.push({ msg: line });
        }
        const m = line.match(/listening on (http:\/\/[\d.]+:\d+)/);
        if (m) resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`collector exited ${code}`)));
  });
  return { url, proc, logs };
}

/** Stops a collector (SIGTERM drains and closes; SIGKILL is the crash test). */
export const stopCollector = (proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.on('exit', () => resolve());
    proc.kill(signal);
  });
