import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's ClickHouse 18.16 (`apt-get install clickhouse-server`), which `.ci/run` installs. */
export const CLICKHOUSE_BIN = process.env.CLICKHOUSE_SERVER ?? '/usr/sbin/clickhouse-server';
export const haveClickHouse = () => existsSync(CLICKHOUSE_BIN);

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
    s.on('error', fail);
  });

export interface ClickHouseServer {
  /** The HTTP interface, http://127.0.0.1:PORT. */
  url: string;
  /** The same as a store setting: clickhouse://127.0.0.1:PORT/touchmap. */
  store: string;
  /** The native TCP port (what a `Distributed` table's shards are reached on). */
  tcp: number;
  /** The server process's id (CPU accounting in benchmarks). */
  pid(): number | undefined;
  /** Ends the process (SIGKILL: a crash; SIGTERM: a shutdown) and keeps its data. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and data. */
  restart(): Promise<void>;
  /** Ends it and removes its data. */
  stop(): Promise<void>;
}

export interface ClickHouseOptions {
  /** Ports to listen on (pre-chosen when servers must name each other, as a cluster's do). */
  http?: number;
  tcp?: number;
  /** `<remote_servers>` content: the clusters this server knows, for `Distributed` tables. */
  remoteServers?: string;
}

/**
 * A ClickHouse 18.16 server as a plain process (the image blocks service start) on 127.0.0.1,
 * free ports and a temporary data directory, ready when `/ping` answers. `stop()` ends it and
 * removes the directory; `kill()` and `restart()` take it away and bring it back (outage tests).
 */
export async function startClickHouse(options: ClickHouseOptions = {}): Promise<ClickHouseServer> {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-clickhouse-'));
  const http = options.http ?? (await freePort());
  const tcp = options.tcp ?? (await freePort());
  writeFileSync(
    join(dir, 'config.xml'),
    `<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host><http_port>${http}</http_port><tcp_port>${tcp}</tcp_port>
  <path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path><user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
  <mark_cache_size>536870912</mark_cache_size>
  ${options.remoteServers ? `<remote_servers>${options.remoteServers}</remote_servers>` : ''}
</yandex>`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<yandex><profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas></yandex>`,
  );
  const url = `http://127.0.0.1:${http}`;
  let proc: ChildProcess | undefined;
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((done) => p.once('exit', done));
    p.kill(signal);
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  };
  // Its data goes with it: no need to wait for a clean shutdown (2–3 s on 18.16).
  const stop = async () => {
    await kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const restart = async () => {
    await kill();
    proc = spawn(CLICKHOUSE_BIN, [`--config-file=${join(dir, 'config.xml')}`], { stdio: 'ignore' });
    for (let i = 0; i < 150; i++) {
      if (proc.exitCode !== null) break;
      if (await fetch(`${url}/ping`).then((r) => r.ok, () => false)) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`ClickHouse did not start (${CLICKHOUSE_BIN}); its logs: ${dir}/error.log`);
  };
  try {
    await restart();
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, store: `${url.replace('http', 'clickhouse')}/touchmap`, tcp, pid: () => proc?.pid, kill, restart, stop };
}
