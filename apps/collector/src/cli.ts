import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { openAdmin } from './admin-client.ts';
import { ConfigError, loadConfig } from './config.ts';
import { scheduleRetention } from './retention.ts';
import { clearRunning, ensureAdminToken, writeRunning } from './runtime-files.ts';
import { openStore } from './store/open-store.ts';

const USAGE = `usage:
  touchmap-collector [serve]                 run the collector
  touchmap-collector site add NAME           add a site (--origin O, repeatable; --key K to choose its key)
  touchmap-collector site list               list sites and their keys
  touchmap-collector site erase NAME --yes   erase a site for good: its events, page views, traits, journey
                                             versions, tokens, secrets and the site (without --yes: say what
                                             it holds and erase nothing)
  touchmap-collector token create SITE       print a new read token (stored hashed, shown once;
                                             --edit: one that may also tag touchpoints from the overlay)
  touchmap-collector secret create SITE      print a new secret key for server-side events (likewise)
  touchmap-collector events count            count stored events (--site NAME)
  touchmap-collector journey set SITE FILE   check a journey.json and store it as the site's next version
settings (flag > env > config file > default):
  --config FILE      TOUCHMAP_CONFIG      JSON file with any of the keys below
  --host H           TOUCHMAP_HOST        127.0.0.1
  --port P           TOUCHMAP_PORT        8787 (0 picks a free port)
  --data DIR         TOUCHMAP_DATA        ./.touchmap
  --store S          TOUCHMAP_STORE       duckdb (in the data directory), or clickhouse://host:8123/database
  --rate N           TOUCHMAP_RATE        1000 batches a second per site (bursts of twice that)
  --log-level L      TOUCHMAP_LOG_LEVEL   info (debug logs every ingest request; warn, error, silent)
  --retention-days N TOUCHMAP_RETENTION_DAYS
                                          0 (keep forever); N: events and page views older than N days are
                                          removed at start and once a day (ClickHouse: whole months, each
                                          once it has ended before the cutoff)
  --bots B           TOUCHMAP_BOTS        drop (batches from crawlers, previews, audits and headless
                                          browsers, by User-Agent, are answered 200 and not stored); keep
Admin commands work whether the collector is running (through its admin API) or not.`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      store: { type: 'string' },
      rate: { type: 'string' },
      'log-level': { type: 'string' },
      'retention-days': { type: 'string' },
      bots: { type: 'string' },
      origin: { type: 'string', multiple: true, default: [] },
      key: { type: 'string' },
      edit: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      site: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  console.error(`${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = args;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
let config;
try {
  config = loadConfig({ config: values.config, host: values.host, port: values.port, data: values.data, store: values.store, rate: values.rate, logLevel: values['log-level'], retentionDays: values['retention-days'], bots: values.bots });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`touchmap-collector: ${e.message}`);
  process.exit(2);
}
const [command = 'serve', sub, name] = positionals;
const dir = resolve(config.data);

if (command === 'serve') {
  const log = pino({ level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
  const store = await openStore(config.store, dir);
  const app = createApp(store, { log, ratePerSecond: config.rate, adminToken: ensureAdminToken(dir), keepBots: config.bots === 'keep' });
  const retention = scheduleRetention(store, config.retentionDays, log);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const url = `http://${info.address}:${info.port}`;
    writeRunning(dir, { url, pid: process.pid });
    // This line names the address: tests and scripts read it (port 0 picks a free one).
    log.info({ url, data: dir, store: config.store.replace(/\/\/[^@/]*@/, '//') }, `touchmap collector listening on ${url}`);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining requests, committing, closing the database');
    // Stop accepting, let requests in flight finish (their commits included), then close the
    // store. Idle keep-alive connections would hold close() open: close them now, and whatever
    // is still open after 5 s.
    const http = server as import('node:http').Server;
    http.close(() =>
      void retention.stop().then(() => store.close()).then(() => {
        clearRunning(dir);
        log.info('stopped');
        process.exit(0);
      }),
    );
    http.closeIdleConnections();
    setTimeout(() => http.closeAllConnections(), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} else {
  const known = ['site add', 'site list', 'site erase', 'token create', 'secret create', 'events count', 'journey set'];
  const file = positionals[3];
  if (!known.includes(`${command} ${sub}`) || (['site add', 'site erase', 'token create', 'secret create', 'journey set'].includes(`${command} ${sub}`) && !name) || (command === 'journey' && !file)) {
    console.error(USAGE);
    process.exit(2);
  }
  const run = async () => {
    const admin = await openAdmin(dir, config.store);
    try {
      if (command === 'site' && sub === 'add' && name) return JSON.stringify(await admin.addSite(name, values.origin, values.key));
      if (command === 'site' && sub === 'erase' && name) {
        if (values.yes) return JSON.stringify({ site: name, erased: await admin.eraseSite(name) });
        const d = await admin.siteData(name);
        throw new Error(
          `site ${name} holds ${d.events} events, ${d.pageViews} page views, ${d.traits} trait values, ${d.journeyVersions} journey versions, ${d.tokens} read tokens and ${d.secrets} secret keys.\n` +
            `Nothing was erased: run again with --yes to erase it for good.`,
        );
      }
      if (command === 'site' && sub === 'list') return (await admin.listSites()).map((s) => JSON.stringify({ site: s.name, key: s.key, origins: s.origins })).join('\n');
      if (command === 'token' && sub === 'create' && name) return await admin.createToken(name, values.edit ? 'edit' : 'read');
      if (command === 'secret' && sub === 'create' && name) return await admin.createSecret(name);
      if (command === 'events' && sub === 'count') return String(await admin.countEvents(values.site));
      if (command === 'journey' && sub === 'set' && name && file) {
        let journey: unknown;
        try {
          journey = JSON.parse(readFileSync(resolve(file), 'utf8'));
        } catch (e) {
          throw new Error(`${file}: ${(e as Error).message}`);
        }
        return JSON.stringify(await admin.setJourney(name, journey));
      }
      return undefined;
    } finally {
      await admin.close();
    }
  };
  try {
    const out = await run();
    if (out === undefined) {
      console.error(USAGE);
      process.exit(2);
    }
    if (out) console.log(out);
  } catch (e) {
    console.error(`touchmap-collector: ${(e as Error).message}`);
    process.exit(1);
  }
}
