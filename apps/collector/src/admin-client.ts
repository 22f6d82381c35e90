import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { newSiteKey } from './app.ts';
import { issueText } from './http.ts';
import { NewSite } from './routes/admin.ts';
import { checkJourney } from '@touchmap/journey';
import { adminTokenFile, running } from './runtime-files.ts';
import { openStore } from './store/open-store.ts';
import type { SiteData, TokenRole } from './store/store.ts';

/** What the CLI administers: the same operations whether the collector is running or not. */
export interface Admin {
  addSite(name: string, origins: string[], key?: string): Promise<{ site: string; key: string; origins: string[] }>;
  listSites(): Promise<{ name: string; key: string; origins: string[] }[]>;
  createToken(site: string, role?: TokenRole): Promise<string>;
  createSecret(site: string): Promise<string>;
  countEvents(site?: string): Promise<number>;
  /** What a site holds: what erasing it would remove. */
  siteData(site: string): Promise<SiteData>;
  /** Erases a site and everything it holds; returns what it held. */
  eraseSite(site: string): Promise<SiteData>;
  /** Checks and stores a journey definition (a journey.json) as the site's next version. */
  setJourney(site: string, journey: unknown): Promise<{ version: number; created: number; source: string }>;
  close(): Promise<void>;
}

/**
 * The running collector's admin API when one serves `dir` (DuckDB lets one process hold the
 * file), else the database itself.
 */
export async function openAdmin(dir: string, storeSetting = 'duckdb'): Promise<Admin> {
  const live = running(dir);
  if (live) return remote(live.url, readFileSync(adminTokenFile(dir), 'utf8').trim());
  let store;
  try {
    store = await openStore(storeSetting, dir);
  } catch (e) {
    if (/lock/i.test(String(e))) throw new Error(`the database in ${dir} is held by another process and no running collector is registered there (${String(e).split('\n')[0]})`);
    throw e;
  }
  const need = async (name: string) => {
    if (!(await store.siteByName(name))) throw new Error(`no site named ${name}`);
  };
  return {
    async addSite(name, origins, key = newSiteKey()) {
      const checked = v.safeParse(NewSite, { name, origins, key });
      if (!checked.success) throw new Error(issueText(checked.issues, 'site'));
      if (await store.siteByName(name)) throw new Error(`a site named ${name} exists already`);
      const s = await store.addSite({ name, key, origins });
      return { site: s.name, key: s.key, origins: s.origins };
    },
    listSites: async () => (await store.listSites()).map(({ name, key, origins }) => ({ name, key, origins })),
    createToken: async (site, role) => (await need(site), store.createToken(site, role)),
    createSecret: async (site) => (await need(site), store.createSecret(site)),
    async countEvents(site) {
      if (site !== undefined) await need(site);
      return store.countEvents(site);
    },
    siteData: (site) => store.siteData(site),
    eraseSite: (site) => store.eraseSite(site),
    async setJourney(name, journey) {
      const site = await store.siteByName(name);
      if (!site) throw new Error(`no site named ${name}`);
      const checked = checkJourney(journey);
      if (!checked.ok) throw new Error(`invalid journey:\n  ${checked.errors.join('\n  ')}`);
      const { journey: _, ...stored } = await store.putJourney(site, checked.journey, 'file');
      return stored;
    },
    close: () => store.close(),
  };
}

function remote(url: string, token: string): Admin {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'x-touchmap-source': 'file', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await r.json()) as T & { error?: string; errors?: string[] };
    if (!r.ok) throw new Error(answer.errors ? `invalid journey:\n  ${answer.errors.join('\n  ')}` : (answer.error ?? `${method} ${path}: ${r.status}`));
    return answer;
  };
  const site = (name: string) => `/v1/admin/sites/${encodeURIComponent(name)}`;
  return {
    addSite: (name, origins, key) => call('POST', '/v1/admin/sites', { name, origins, ...(key ? { key } : {}) }),
    listSites: async () => (await call<{ sites: { name: string; key: string; origins: string[] }[] }>('GET', '/v1/admin/sites')).sites,
    createToken: async (name, role) => (await call<{ token: string }>('POST', `${site(name)}/tokens`, role === 'edit' ? { role } : undefined)).token,
    createSecret: async (name) => (await call<{ secret: string }>('POST', `${site(name)}/secrets`)).secret,
    countEvents: async (name) => (await call<{ count: number }>('GET', `/v1/admin/events/count${name === undefined ? '' : `?site=${encodeURIComponent(name)}`}`)).count,
    siteData: async (name) => (await call<{ data: SiteData }>('GET', site(name))).data,
    eraseSite: async (name) => (await call<{ erased: SiteData }>('DELETE', site(name))).erased,
    setJourney: (name, journey) => call('PUT', `/v1/sites/${encodeURIComponent(name)}/journey`, journey),
    close: async () => {},
  };
}
