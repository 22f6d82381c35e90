import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int, lit, LiteralError, sql, type Literal } from './clickhouse-literal.ts';
import { haveClickHouse, startClickHouse, type ClickHouseServer } from './clickhouse-server.test-support.ts';

const HOSTILE = [
  "it's",
  'back\\slash',
  "\\'; DROP TABLE events; --",
  'nul\0byte',
  'line\nbreak\r\ttab',
  '<img src=x onerror="alert(1)">',
  'unicode: é ü 中文 🙂 \u2028',
  "''''",
  '\\',
  '\\\\x00',
  '',
  '${site}',
  'select * from system.tables',
];

describe('ClickHouse literals', () => {
  it('escapes strings and writes numbers, booleans, nulls and arrays', () => {
    expect(lit("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(lit('nul\0')).toBe("'nul\\0'");
    expect(lit(42)).toBe('42');
    expect(lit(-1.5)).toBe('-1.5');
    expect(lit(12345678901234567890n)).toBe('12345678901234567890');
    expect(lit(true)).toBe('1');
    expect(lit(null)).toBe('NULL');
    expect(lit(['a', 1, ["it's"]])).toBe("['a', 1, ['it\\'s']]");
    expect(sql`select ${'x'} as s, ${7} as n`).toBe("select 'x' as s, 7 as n");
  });

  it('refuses a value of the wrong type before any SQL is built', () => {
    for (const bad of [undefined, {}, NaN, Infinity, () => 1, Symbol('s'), new Date(0), '\uD800 lone surrogate'] as unknown[]) {
      expect(() => lit(bad as Literal), String(bad)).toThrow(LiteralError);
      expect(() => sql`select ${bad as Literal}`).toThrow(LiteralError);
    }
    expect(() => int(1.5)).toThrow(LiteralError);
    expect(() => int(2 ** 60)).toThrow(LiteralError);
    expect(int(1_700_000_000_000)).toBe('1700000000000');
  });
});

// Round trip through a real ClickHouse 18.16 (CI installs it; locally: apt-get install clickhouse-server).
describe.skipIf(!haveClickHouse() && !process.env.CI)('ClickHouse literals through ClickHouse 18.16', () => {
  let server: ClickHouseServer;
  beforeAll(async () => {
    server = await startClickHouse();
  }, 30_000);
  afterAll(async () => server?.stop());

  it('hostile strings, numbers and arrays come back unchanged', async () => {
    const client = createClient({ url: server.url, clickhouse_settings: { output_format_json_quote_64bit_integers: 1 } });
    try {
      for (const s of HOSTILE) {
        const rows = await (await client.query({ query: sql`select ${s} as v, length(${s}) as n`, format: 'JSONEachRow' })).json<{ v: string; n: string }>();
        expect(rows, JSON.stringify(s)).toEqual([{ v: s, n: String(Buffer.byteLength(s)) }]);
      }
      const [row] = await (await client.query({ query: sql`select ${HOSTILE} as a, ${-12.25} as f, ${2 ** 53 - 1} as i`, format: 'JSONEachRow' })).json<{ a: string[]; f: number; i: string }>();
      expect(row).toEqual({ a: HOSTILE, f: -12.25, i: String(2 ** 53 - 1) });
    } finally {
      await client.close();
    }
  }, 30_000);
});
