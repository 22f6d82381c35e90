import { createClient, type ClickHouseClient } from '@clickhouse/client';

/**
 * chdb: the modern ClickHouse engine (26.x) in-process, a devDependency of the collector for
 * its tests only. Its native library comes from a platform package (@chdb/lib-linux-x64-gnu is
 * the one published for chdb 3.4.0), so on another machine, or without dev dependencies, it
 * does not load: `chdb()` then says why instead of failing the import.
 *
 * One engine per process, bound to one data directory for the life of the process: open it
 * once per test file (vitest runs a file in one worker) and share it.
 */
export type Chdb = { client: ClickHouseClient; version: string } | { missing: string };

/**
 * chdb 3.4.0 implements @clickhouse/client-common 1.23.0's Connection; @clickhouse/client 1.23.1
 * bundles its own copy of those types, whose settings list is newer. The same contract at run
 * time, two unrelated types to TypeScript.
 */
type Connection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

let loaded: Promise<Chdb> | undefined;

/**
 * The process's chdb engine, on the directory `dir()` makes (called once, and only if chdb
 * loads; later calls share the engine).
 */
export function chdb(dir: () => string): Promise<Chdb> {
  loaded ??= (async () => {
    let createChdbConnection: typeof import('chdb/connection').createChdbConnection;
    try {
      ({ createChdbConnection } = await import('chdb/connection'));
    } catch (e) {
      return { missing: String((e as Error).message ?? e).split('\n')[0]! };
    }
    const client = createClient({ connection: createChdbConnection({ path: dir() }) as unknown as Connection });
    const rs = await client.query({ query: 'select version() as v', format: 'JSONEachRow' });
    const [row] = await rs.json<{ v: string }>();
    return { client, version: row!.v };
  })();
  return loaded;
}
