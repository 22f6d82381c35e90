import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it, vi } from 'vitest';
import { cli, startCollector as start, stopCollector as stop } from './spawn.ts';
import { batch, post } from './test-batches.ts';
import { haveClickHouse, startClickHouse } from './store/clickhouse-server.test-support.ts';

const BIN = new URL('../bin/touchmap-collector.mjs', import.meta.url).pathname;
const fresh = (name: string) => mkdtempSync(join(tmpdir(), `touchmap-${name}-`));

describe('administration', () => {
  it('manages sites with the same bin while the collector runs (through its admin API)', { timeout: 60_000 }, async () => {
    const dir = fresh('admin');
    const { url, proc, logs } = await start(dir);
    try {
      // The database is the running process's: the CLI goes through the admin API.
      const site = JSON.parse(await cli(dir, 'site', 'add', 'live', '--origin', 'https://live.example'));
      expect(site).toMatchObject({ site: 'live', origins: ['https://live.example'] });
      expect((await post(url, JSON.stringify(batch(site.key, 2)), { origin: 'https://live.example' })).status).toBe(200);
      const token = await cli(dir, 'token', 'create', 'live');
      expect(token).toMatch(/^tmr_/);
      expect((await fetch(`${url}/v1/sites/live/pages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(await cli(dir, 'secret', 'create', 'live')).toMatch(/^tms_/);
      expect(await cli(dir, 'events', 'count', '--site', 'live')).toBe('2');
      expect(JSON.parse(await cli(dir, 'site', 'list'))).toEqual({ site: 'live', key: site.key, origins: ['https://live.example'] });
      await expect(cli(dir, 'site', 'add', 'live')).rejects.toThrow(/exists already/);
      await expect(cli(dir, 'token', 'create', 'nosuch')).rejects.toThrow(/no site named nosuch/);
      await expect(cli(dir, 'site', 'add', 'bad name!')).rejects.toThrow(/name: /);
      // The admin API wants the admin token, which only the data directory's owner can read.
      expect((await fetch(`${url}/v1/admin/sites`)).status).toBe(401);
      expect((await fetch(`${url}/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      expect(statSync(join(dir, 'admin.token')).mode & 0o077).toBe(0);
      // Structured logs: one JSON line per request, with its status and site (read from the
      // child's stdout, which can arrive after the response it logs).
      await vi.waitFor(() => expect(logs.filter((l) => l.path === '/v1/admin/sites' && l.status === 401)).toHaveLength(2));
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', path: '/v1/sites/live/pages', status: 200, site: 'live' }));
      expect(logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', path: '/v1/admin/sites', status: 401 }));
      expect(logs.every((l) => typeof l.level === 'number' && typeof l.time === 'string')).toBe(true);
    } finally {
      await stop(proc);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works on the database directly when no collector runs, and says why it refuses', { timeout: 60_000 }, async () => {
    const dir = fresh('offline');
    try {
      const { proc, logs } = await start(dir);
      await stop(proc);
      // A clean stop unregisters the process and says so.
      expect(existsSync(join(dir, 'collector.json'))).toBe(false);
      expect(logs.map((l) => l.msg)).toContain('stopped');
      expect(JSON.parse(await cli(dir, 'site', 'add', 'shop', '--key', 'shop-key-1'))).toEqual({ site: 'shop', key: 'shop-key-1', origins: [] });
      await expect(cli(dir, 'site', 'add', 'again', '--origin', 'https://x.example/path')).rejects.toThrow(/origins\.0: must be an origin/);
      await expect(cli(dir, 'frobnicate')).rejects.toThrow(/usage:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('erases a site for good, only with --yes, through the running collector or on the database', { timeout: 60_000 }, async () => {
    const dir = fresh('erase');
    try {
      const keep = JSON.parse(await cli(dir, 'site', 'add', 'keep')).key;
      const gone = JSON.parse(await cli(dir, 'site', 'add', 'gone')).key;
      const { url, proc, logs } = await start(dir, '--retention-days', '30');
      try {
        expect((await post(url, JSON.stringify(batch(keep, 2)))).status).toBe(200);
        expect((await post(url, JSON.stringify(batch(gone, 3)))).status).toBe(200);
        const token = await cli(dir, 'token', 'create', 'gone');
        // Like every admin route, erasing wants the admin token.
        for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) expect((await fetch(`${url}/v1/admin/sites/gone`, { method: 'DELETE', headers })).status).toBe(401);
        // Without --yes it says what the site holds, erases nothing and fails.
        await expect(cli(dir, 'site', 'erase', 'gone')).rejects.toThrow(/site gone holds 3 events, 0 page views, 0 trait values, 0 journey versions, 1 read tokens and 0 secret keys\.\nNothing was erased: run again with --yes/);
        expect(await cli(dir, 'events', 'count', '--site', 'gone')).toBe('3');
        expect(JSON.parse(await cli(dir, 'site', 'erase', 'gone', '--yes'))).toEqual({ site: 'gone', erased: { events: 3, pageViews: 0, traits: 0, journeyVersions: 0, tokens: 1, secrets: 0 } });
        // Its key no longer writes, its token no longer reads; the other site is as it was.
        expect((await post(url, JSON.stringify(batch(gone, 1)))).status).toBe(401);
        expect((await fetch(`${url}/v1/sites/gone/pages`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
        expect(await cli(dir, 'events', 'count')).toBe('2');
        expect(JSON.parse(await cli(dir, 'site', 'list'))).toMatchObject({ site: 'keep' });
        await expect(cli(dir, 'site', 'erase', 'gone', '--yes')).rejects.toThrow(/no site named gone/);
        await vi.waitFor(() => expect(logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'DELETE', path: '/v1/admin/sites/gone', status: 200 })));
        // The retention setting ran once at start (nothing was 30 days old).
        await vi.waitFor(() => expect(logs).toContainEqual(expect.objectContaining({ msg: 'retention applied', retentionDays: 30, removed: { events: 0, pageViews: 0 } })));
      } finally {
        await stop(proc);
      }
      // No collector running: on the database itself.
      await expect(cli(dir, 'site', 'erase', 'keep')).rejects.toThrow(/site keep holds 2 events/);
      expect(JSON.parse(await cli(dir, 'site', 'erase', 'keep', '--yes')).erased).toMatchObject({ events: 2 });
      expect(await cli(dir, 'site', 'list')).toBe('');
      expect(await cli(dir, 'events', 'count')).toBe('0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!haveClickHouse())('erases a site on ClickHouse, through the running collector and on the server directly', { timeout: 60_000 }, async () => {
    const dir = fresh('erase-ch');
    const server = await startClickHouse();
    const store = ['--store', `${server.url.replace('http', 'clickhouse')}/touchmap`];
    try {
      const keys = [JSON.parse(await cli(dir, 'site', 'add', 'one', ...store)).key, JSON.parse(await cli(dir, 'site', 'add', 'two', ...store)).key];
      const { url, proc } = await start(dir, ...store);
      try {
        for (const key of keys) expect((await post(url, JSON.stringify(batch(key, 2)))).status).toBe(200);
        expect(JSON.parse(await cli(dir, 'site', 'erase', 'one', '--yes'))).toEqual({ site: 'one', erased: { events: 2, pageViews: 0, traits: 0, journeyVersions: 0, tokens: 0, secrets: 0 } });
        expect((await post(url, JSON.stringify(batch(keys[0]!, 1)))).status).toBe(401);
      } finally {
        await stop(proc);
      }
      await expect(cli(dir, 'site', 'erase', 'two', ...store)).rejects.toThrow(/site two holds 2 events/);
      expect(JSON.parse(await cli(dir, 'site', 'erase', 'two', '--yes', ...store)).erased).toMatchObject({ events: 2 });
      expect(await cli(dir, 'events', 'count', ...store)).toBe('0');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads settings from a config file, overridden by flags; refuses bad ones at start', { timeout: 60_000 }, async () => {
    const dir = fresh('config');
    try {
      const file = join(dir, 'touchmap.json');
      writeFileSync(file, JSON.stringify({ rate: 3, logLevel: 'debug' }));
      const key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
      const { url, proc, logs } = await start(dir, '--config', file);
      try {
        const answers = await Promise.all(Array.from({ length: 20 }, () => post(url, JSON.stringify(batch(key, 1)))));
        expect((await answers.find((r) => r.status === 429)!.json()).error).toMatch(/over 3 batches a second/);
        // debug logs every ingest request.
        await new Promise((r) => setTimeout(r, 200));
        expect(logs.filter((l) => l.path === '/v1/batch' && l.status === 200).length).toBeGreaterThan(0);
      } finally {
        await stop(proc);
      }
      const run = promisify(execFile);
      await expect(run('node', [BIN, 'serve', '--data', dir, '--port', 'eighty'])).rejects.toThrow(/--port=eighty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates a schema-1 database in place', { timeout: 60_000 }, async () => {
    const dir = fresh('migrate');
    try {
      // What session 1's collector wrote: page URLs on pv events only, fx and pts inside data.
      const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
      const c = await db.connect();
      const now = Date.now();
      for (const sql of [
        `create table meta (k varchar primary key, v varchar not null)`,
        `insert into meta values ('schema', '1')`,
        `create table sites (id varchar primary key, name varchar unique not null, site_key varchar unique not null, origins varchar not null, created bigint not null)`,
        `create table tokens (hash varchar primary key, site varchar not null, created bigint not null)`,
        `create table secrets (hash varchar primary key, site varchar not null, created bigint not null)`,
        `create table events (id varchar primary key, site varchar not null, sid varchar not null, pv varchar not null, bid varchar not null, t bigint not null, received bigint not null, k varchar not null, url varchar, sel varchar, ox double, oy double, x integer, y integer, data varchar not null)`,
        `insert into sites values ('s1', 'shop', 'k1', '[]', ${now})`,
        `insert into events values
           ('p.0', 's1', 'a', 'p', 'b', ${now}, ${now}, 'pv', '/item/77', null, null, null, null, null, '{"url":"/item/77","nav":"navigate","vw":390,"vh":800,"sw":390,"dev":"m","nv":1,"utm":{"s":"Ads"}}'),
           ('p.1', 's1', 'a', 'p', 'b', ${now}, ${now}, 'rage', null, '#buy', 0.1, 0.9, 5, 6, '{"n":3,"fx":1}'),
           ('p.2', 's1', 'a', 'p', 'b', ${now}, ${now}, 'move', null, '#buy', null, null, null, null, '{"pts":[0,0,99,99]}'),
           ('p.3', 's1', 'a', 'p', 'b', ${now}, ${now}, 'seg', null, null, null, null, null, null, '{"traits":{"plan":"pro"}}')`,
      ]) await c.run(sql);
      c.closeSync();
      db.closeSync();
      const token = await cli(dir, 'token', 'create', 'shop');
      const { url, proc } = await start(dir);
      try {
        const get = async (path: string) => (await (await fetch(`${url}/v1/sites/shop/${path}`, { headers: { authorization: `Bearer ${token}` } })).json()).rows;
        expect(await get('pages?device=mobile&visitor=new&source=ads&viewport=s&trait=plan%3Apro')).toEqual([{ page: '/item/:id', urls: 1, sessions: 1, views: 1, clicks: 0, rage: 1, dead: 0, errors: 0 }]);
        expect((await (await fetch(`${url}/v1/sites/shop/heatmap?page=%2Fitem%2F%3Aid&kind=rage&cell=10`, { headers: { authorization: `Bearer ${token}` } })).json()).grid).toMatchObject({ cell: 10, page: [], fixed: [[0, 0, 1, 0]] });
        expect(await get('heatmap?url=%2Fitem%2F77&kind=move&bins=2')).toEqual([{ sel: '#buy', n: 2, bins: [[0, 0, 1], [1, 1, 1]] }]);
      } finally {
        await stop(proc);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
