import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';

const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
const LogLevel = v.picklist(['debug', 'info', 'warn', 'error', 'silent']);

/** The collector's settings: every one has a default, a config-file key, an env variable and a flag. */
export const Config = v.strictObject({
  /** Interface to listen on. */
  host: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  port: v.optional(Port, 8787),
  /** Data directory (the DuckDB file, the admin token). */
  data: v.optional(v.pipe(v.string(), v.minLength(1)), './.touchmap'),
  /**
   * Where events live: `duckdb` (embedded, in the data directory) or a ClickHouse server,
   * `clickhouse://host:8123/database` (collectors sharing one server stay stateless).
   */
  store: v.optional(v.pipe(v.string(), v.regex(/^(duckdb|clickhouses?:\/\/.+)$/, 'duckdb or clickhouse://host:8123/database')), 'duckdb'),
  /** Batches a second per site (bursts of twice that). */
  rate: v.optional(v.pipe(v.number(), v.minValue(1)), 1000),
  logLevel: v.optional(LogLevel, 'info'),
  /**
   * Days events and page views are kept; 0 keeps them forever. Applied at start and once a day
   * (on ClickHouse by whole months: see Store.applyRetention).
   */
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /**
   * Batches sent by crawlers, link previews, audits and headless browsers (recognised by their
   * User-Agent, isbot's list): `drop` (answered 200, stored nowhere) or `keep`.
   */
  bots: v.optional(v.picklist(['drop', 'keep']), 'drop'),
});
export type Config = v.InferOutput<typeof Config>;

/** The env variable of each setting. */
const ENV = { host: 'TOUCHMAP_HOST', port: 'TOUCHMAP_PORT', data: 'TOUCHMAP_DATA', store: 'TOUCHMAP_STORE', rate: 'TOUCHMAP_RATE', logLevel: 'TOUCHMAP_LOG_LEVEL', retentionDays: 'TOUCHMAP_RETENTION_DAYS', bots: 'TOUCHMAP_BOTS' } as const;
const NUMERIC = new Set(['port', 'rate', 'retentionDays']);

export class ConfigError extends Error {}

/**
 * Settings from, lowest to highest precedence: defaults, a JSON config file (`--config FILE` or
 * TOUCHMAP_CONFIG), environment variables, command-line flags. A wrong value fails start-up with
 * a message naming where it came from.
 */
export function loadConfig(flags: Partial<Record<keyof Config | 'config', string>>, env: NodeJS.ProcessEnv = process.env): Config {
  const file = flags.config ?? env.TOUCHMAP_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(resolve(file), 'utf8'));
    } catch (e) {
      throw new ConfigError(`config file ${file}: ${(e as Error).message}`);
    }
    const checked = v.safeParse(v.partial(Config), fromFile);
    if (!checked.success) throw new ConfigError(`config file ${file}: ${v.getDotPath(checked.issues[0]) ?? ''}: ${checked.issues[0].message}`);
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [key, name] of Object.entries(ENV) as [keyof Config, string][]) {
    for (const [source, value] of [[name, env[name]], [`--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`, flags[key]]] as const) {
      if (value === undefined || value === '') continue;
      const parsed = NUMERIC.has(key) ? Number(value) : value;
      const one = v.safeParse(Config.entries[key], parsed);
      if (!one.success) throw new ConfigError(`${source}=${value}: ${one.issues[0].message}`);
      merged[key] = parsed;
    }
  }
  return v.parse(Config, merged);
}
