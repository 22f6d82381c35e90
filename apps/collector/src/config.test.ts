import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const file = (content: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'touchmap-config-')), 'touchmap.json');
  writeFileSync(f, content);
  return f;
};

describe('loadConfig', () => {
  it('has defaults', () => {
    expect(loadConfig({}, {})).toEqual({ host: '127.0.0.1', port: 8787, data: './.touchmap', store: 'duckdb', rate: 1000, logLevel: 'info', retentionDays: 0, bots: 'drop' });
  });
  it('layers file < env < flags', () => {
    const f = file(JSON.stringify({ port: 9000, data: '/srv/touchmap', rate: 50, logLevel: 'warn' }));
    const c = loadConfig({ config: f, rate: '7' }, { TOUCHMAP_PORT: '9100', TOUCHMAP_RATE: '20' });
    expect(c).toEqual({ host: '127.0.0.1', port: 9100, data: '/srv/touchmap', store: 'duckdb', rate: 7, logLevel: 'warn', retentionDays: 0, bots: 'drop' });
    expect(loadConfig({ config: file(JSON.stringify({ retentionDays: 90 })) }, {}).retentionDays).toBe(90);
    expect(loadConfig({ config: file(JSON.stringify({ retentionDays: 90 })) }, { TOUCHMAP_RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    expect(loadConfig({ retentionDays: '7' }, { TOUCHMAP_RETENTION_DAYS: '30' }).retentionDays).toBe(7);
    expect(loadConfig({ store: 'clickhouse://127.0.0.1:8123/touchmap' }, {}).store).toBe('clickhouse://127.0.0.1:8123/touchmap');
    expect(loadConfig({}, { TOUCHMAP_STORE: 'clickhouse://ch:8123/t' }).store).toBe('clickhouse://ch:8123/t');
    expect(loadConfig({}, { TOUCHMAP_CONFIG: f }).port).toBe(9000);
    expect(loadConfig({ bots: 'keep' }, {}).bots).toBe('keep');
    expect(loadConfig({}, { TOUCHMAP_BOTS: 'keep' }).bots).toBe('keep');
  });
  it('names what is wrong and where', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(/--port=eighty/);
    expect(() => loadConfig({}, { TOUCHMAP_LOG_LEVEL: 'loud' })).toThrow(/TOUCHMAP_LOG_LEVEL=loud/);
    expect(() => loadConfig({ retentionDays: '-1' }, {})).toThrow(/--retention-days=-1/);
    expect(() => loadConfig({}, { TOUCHMAP_RETENTION_DAYS: '1.5' })).toThrow(/TOUCHMAP_RETENTION_DAYS=1.5/);
    expect(() => loadConfig({ bots: 'block' }, {})).toThrow(/--bots=block/);
    expect(() => loadConfig({ store: 'postgres://x' }, {})).toThrow(/--store=postgres:\/\/x: duckdb or clickhouse/);
    expect(() => loadConfig({ config: file('{"port": "x"}') }, {})).toThrow(/config file .*port/);
    expect(() => loadConfig({ config: file('{"prot": 80}') }, {})).toThrow(/config file/);
    expect(() => loadConfig({ config: file('{nope') }, {})).toThrow(/config file .*JSON/);
    expect(() => loadConfig({ config: '/no/such/file.json' }, {})).toThrow(/no\/such/);
  });
});
