import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { StoreUnavailable } from './store.ts';

/**
 * Settings sent with every statement: their defaults differ between ClickHouse 18.16 and the
 * modern engine, and with both set the two answer byte for byte alike (shared/clickhouse.md).
 */
export const SETTINGS = { input_format_skip_unknown_fields: 1, output_format_json_quote_64bit_integers: 1 } as const;
/**
 * On a cluster: subqueries over a sharded table read each shard's own part (rows are sharded
 * by session, and every join and IN inside a query is per session or per page view), and an
 * insert is acknowledged only once every shard has its rows (not queued on the node for later).
 */
const CLUSTER_READ = { distributed_product_mode: 'local' } as const;
const CLUSTER_INSERT = { insert_distributed_sync: 1 } as const;

export type Row = Record<string, unknown>;

/** What the ClickHouse store needs of a connection: statements in, JSON rows out. */
export interface ClickHouse {
  /** Rows of a SELECT, as JSON values (64-bit integers as strings). */
  rows(sql: string): Promise<Row[]>;
  /** A statement without rows (DDL, ALTER, INSERT … SELECT). */
  command(sql: string): Promise<void>;
  /** Inserts rows as JSONEachRow; resolves once the server has acknowledged them. */
  insert(table: string, values: Row[]): Promise<void>;
  /**
   * Writes a SELECT's rows to `file` as NDJSON (JSONEachRow), streamed from a server: exports of a
   * million rows. (chdb 3.4.0's connection hands the client the whole result at once.)
   */
  toFile(sql: string, file: string): Promise<void>;
  close(): Promise<void>;
}

/** Where a `clickhouse://host:port/database` store lives (the HTTP interface; port 8123 when omitted). */
export function parseClickHouseUrl(target: string): { url: string; database: string; cluster?: string } {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    throw new Error(`not a ClickHouse URL: ${target} (clickhouse://host:8123/database)`);
  }
  if (u.protocol !== 'clickhouse:' && u.protocol !== 'clickhouses:') throw new Error(`not a ClickHouse URL: ${target} (clickhouse://host:8123/database)`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'touchmap';
  checkDatabaseName(database);
  const cluster = u.searchParams.get('cluster') ?? undefined;
  if (cluster !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) throw new Error(`ClickHouse cluster name ${cluster}: letters, digits and _ only`);
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return { url: `${u.protocol === 'clickhouses:' ? 'https' : 'http'}://${auth}${u.hostname}:${u.port || 8123}`, database, ...(cluster ? { cluster } : {}) };
}

/** A database name goes into DDL as is: letters, digits and _ only. */
export function checkDatabaseName(database: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`ClickHouse database name ${database}: letters, digits and _ only`);
}

/** Error codes and network failures that mean "the server is not there now", not "this statement is wrong". */
const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|EPIPE|socket hang up|Timeout error|other side closed|fetch failed/i;

/**
 * A ClickHouse error's numeric code: the client does not parse 18.16's error text (`code` is
 * undefined there), and chdb's errors are not ClickHouseError instances; both say `Code: N`.
 */
export function errorCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const m = /Code: (\d+)/.exec(String((e as Error)?.message ?? e));
  return m ? Number(m[1]) : undefined;
}

/** Wraps a failure: an unreachable server becomes StoreUnavailable (HTTP 503 + Retry-After). */
function classify(e: unknown): unknown {
  if (e instanceof StoreUnavailable) return e;
  const text = `${(e as { code?: unknown })?.code ?? ''} ${(e as Error)?.message ?? e} ${(e as { cause?: Error })?.cause?.message ?? ''}`;
  if (errorCode(e) === undefined && UNAVAILABLE.test(text)) return new StoreUnavailable(`ClickHouse unreachable: ${(e as Error)?.message ?? e}`, { cause: e });
  return e;
}

/** A ClickHouse over `@clickhouse/client` (a server over HTTP, or chdb through its connection). */
export function clickHouseOver(client: ClickHouseClient, cluster = false): ClickHouse {
  const read = cluster ? { ...SETTINGS, ...CLUSTER_READ } : SETTINGS;
  const write = cluster ? { ...SETTINGS, ...CLUSTER_INSERT } : SETTINGS;
  return {
    async rows(sql) {
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: read });
        return await rs.json<Row>();
      } catch (e) {
        throw classify(e);
      }
    },
    async command(sql) {
      try {
        await client.command({ query: sql, clickhouse_settings: read });
      } catch (e) {
        throw classify(e);
      }
    },
    async insert(table, values) {
      if (!values.length) return;
      try {
        await client.insert({ table, values, format: 'JSONEachRow', clickhouse_settings: write });
      } catch (e) {
        throw classify(e);
      }
    },
    async toFile(sql, file) {
      try {
        const rs = await client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: read });
        await pipeline(rs.stream(), async function* (chunks: AsyncIterable<{ text: string }[]>) {
          for await (const rows of chunks) yield rows.map((r) => r.text + '\n').join('');
        }, createWriteStream(file));
      } catch (e) {
        throw classify(e);
      }
    },
    close: () => client.close(),
  };
}

/** A client for a server's HTTP interface, on `database` (created by the schema step). */
export function connectClickHouse(url: string, database: string, requestTimeoutMs = 30_000): { client: ClickHouseClient; admin: ClickHouseClient } {
  const common = { url, request_timeout: requestTimeoutMs, max_open_connections: 16, keep_alive: { enabled: true }, log: { level: ClickHouseLogLevel.OFF } } as const;
  return { client: createClient({ ...common, database }), admin: createClient({ ...common, database: 'default' }) };
}

/** The client's constructor, for callers outside this package (the engine benchmark's chdb). */
export { createClient } from '@clickhouse/client';
