// `pnpm simulate --sessions N`: real headless Chromium sessions through the running demo shop,
// acted out by personas (./personas), so the collector has a day of traffic to map. See
// apps/demo-shop/README.md, "Simulate traffic".
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { devices, type Browser, type BrowserContext } from '@playwright/test';
import cliProgress from 'cli-progress';
import { launchChromium } from '../../../../bench/sdk/browser.ts';
import { FRICTIONS, STEPS, type Friction, type Outcome, type Step } from './persona.ts';
import { PERSONAS } from './personas/index.ts';
import { planRun, type SessionPlan } from './plan.ts';
import { createRng, hashSeed } from './rng.ts';
import { Shopper } from './steps.ts';

export interface SimulateOptions {
  /** The demo shop. Default http://127.0.0.1:5174 (`pnpm start`). */
  shop?: string;
  /**
   * The collector the sessions report to. Default: the one the shop's snippet names
   * (`data-endpoint`). When given, each session queues `touchmap('init', { endpoint })`.
   */
  endpoint?: string;
  /** Sessions to run. Default 30. */
  sessions?: number;
  /** Browser contexts at once. Default 2. */
  concurrency?: number;
  /** Seed of every choice the personas make. Default 1. */
  seed?: number | string;
  /** Called once the shop and collector answered (done 0, no session), then after each session. */
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  done: number;
  total: number;
  completed: number;
  failed: number;
  session?: SessionResult;
}

export interface SessionResult {
  index: number;
  persona: string;
  /** What the session did; absent if it failed. */
  outcome?: Outcome;
  /** Planted frictions it ran into (as planned; only for sessions that did not fail). */
  frictions: Friction[];
  /** Continued an earlier customer's browser state. */
  returningVisitor: boolean;
  /** The session's clock: when it happened as far as the shop and the collector know (epoch ms). */
  at: number;
  ms: number;
  error?: string;
}

export interface Summary {
  shop: string;
  endpoint: string;
  seed: number | string;
  sessions: number;
  concurrency: number;
  perPersona: { id: string; label: string; sessions: number; completed: number; abandoned: Record<Step, number>; failed: number }[];
  completed: number;
  abandoned: Record<Step, number>;
  failed: number;
  returningVisitors: number;
  /** Sessions that ran into each planted friction. */
  frictions: Record<Friction, number>;
  /** The sessions' clocks span this range (epoch ms): set in the past so they have all ended. */
  clock: { from: number; to: number };
  durationMs: number;
  results: SessionResult[];
  errors: string[];
}

/** A problem the user can fix (shop or collector not running, bad flags): printed without a stack. */
export class SimulateError extends Error {}

const DEFAULTS = { shop: 'http://127.0.0.1:5174', sessions: 30, concurrency: 2, seed: 1 } as const;
const FALLBACK_ENDPOINT = 'http://127.0.0.1:8787';

/** Runs the simulation and returns its summary. Throws SimulateError if the shop or collector is not reachable. */
export async function simulate(options: SimulateOptions = {}): Promise<Summary> {
  const shop = trimSlash(options.shop ?? DEFAULTS.shop);
  const sessions = options.sessions ?? DEFAULTS.sessions;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULTS.concurrency, sessions || 1));
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(sessions) || sessions < 0) throw new SimulateError(`sessions must be a whole number ≥ 0, not ${sessions}`);
  if (!Number.isInteger(concurrency)) throw new SimulateError(`concurrency must be a whole number ≥ 1, not ${options.concurrency}`);

  const started = Date.now();
  const { endpoint, override } = await preflight(shop, options.endpoint);
  const plans = planRun({ sessions, seed });
  const results: SessionResult[] = [];
  let completed = 0;
  let failed = 0;

  const browser = await launchChromium();
  options.onProgress?.({ done: 0, total: plans.length, completed, failed });
  try {
    // Browser state of sessions a returning customer continues, by index (undefined if it failed).
    const states = new Map<number, Deferred<StorageState | undefined>>();
    for (const p of plans) if (p.reusedLater) states.set(p.index, deferred());
    let next = 0;
    const worker = async () => {
      while (next < plans.length) {
        const plan = plans[next++]!;
        const result = await runSession(browser, plan, { shop, seed, endpoint: override ? endpoint : undefined }, states);
        results.push(result);
        if (result.outcome?.completed) completed++;
        if (result.error) failed++;
        options.onProgress?.({ done: results.length, total: plans.length, completed, failed, session: result });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await browser.close();
  }
  results.sort((a, b) => a.index - b.index);
  return summarise({ shop, endpoint, seed, concurrency, results, plans, durationMs: Date.now() - started });
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function runSession(
  browser: Browser,
  plan: SessionPlan,
  opts: { shop: string; seed: number | string; endpoint: string | undefined },
  states: Map<number, Deferred<StorageState | undefined>>,
): Promise<SessionResult> {
  const t0 = Date.now();
  const device = devices[plan.persona.device] ?? devices['Desktop Chrome']!;
  // The earlier session was started before this one (sessions start in order), so this wait ends.
  const storageState = plan.reuses === undefined ? undefined : await states.get(plan.reuses)!.promise;
  const at = Date.now() - plan.agoMs;
  const result: SessionResult = { index: plan.index, persona: plan.persona.id, frictions: [], returningVisitor: !!storageState, at, ms: 0 };
  let state: StorageState | undefined;
  let context: BrowserContext | undefined;
  let shopper: Shopper | undefined;
  try {
    if (!devices[plan.persona.device]) throw new Error(`unknown Playwright device "${plan.persona.device}"`);
    // A new context is a new visitor; a returning customer's carries an earlier customer's storage.
    context = await browser.newContext({ ...device, locale: 'en-US', ...(storageState ? { storageState } : {}) });
    context.setDefaultTimeout(15_000);
    // The session happens in the past on the page's clock (time still flows), so that by the end
    // of the run it has been idle for over 30 minutes: the collector counts it as ended and
    // abandonment shows at once (see README: why not touchmap('endSession')).
    await context.clock.install({ time: at });
    if (opts.endpoint)
      await context.addInitScript((endpoint) => {
        const w = window as unknown as { touchmap?: ((...a: unknown[]) => void) & { q?: unknown[] } };
        w.touchmap = w.touchmap || Object.assign((...a: unknown[]) => (w.touchmap!.q = w.touchmap!.q || []).push(a), {});
        w.touchmap('init', { endpoint });
      }, opts.endpoint);
    shopper = new Shopper(context, opts.shop, createRng(hashSeed(opts.seed, 'timing', plan.index)), !!device.hasTouch);
    await shopper.start();
    await plan.persona.run(shopper, plan.choices);
    // Ends properly: what touchmap holds is sent before the visitor's browser goes away.
    await shopper.flush();
    if (plan.reusedLater) state = await context.storageState();
    result.outcome = plan.outcome;
    result.frictions = plan.frictions;
  } catch (e) {
    result.error = `session ${plan.index} (${plan.persona.id}), at "${shopper?.doing ?? 'start'}": ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    await context?.close().catch(() => {});
    states.get(plan.index)?.resolve(state);
  }
  result.ms = Date.now() - t0;
  return result;
}

/** Checks that the shop and the collector answer, and finds the collector the shop reports to. */
async function preflight(shop: string, endpoint: string | undefined): Promise<{ endpoint: string; override: boolean }> {
  const hint = 'Start the demo shop and the collector with `pnpm start`';
  let html: string;
  try {
    const r = await fetch(`${shop}/`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    html = await r.text();
  } catch (e) {
    throw new SimulateError(`The demo shop is not reachable at ${shop} (${why(e)}). ${hint} (or pass --shop URL).`);
  }
  const sdk = await fetch(`${shop}/touchmap.js`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  if (!sdk?.ok) throw new SimulateError(`The demo shop at ${shop} serves no /touchmap.js: build the SDK first (\`pnpm build\`, which \`pnpm start\` runs).`);
  const named = /data-endpoint="([^"]+)"/.exec(html)?.[1];
  const target = trimSlash(endpoint ?? named ?? FALLBACK_ENDPOINT);
  try {
    const r = await fetch(`${target}/healthz`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  } catch (e) {
    const from = endpoint ? '--endpoint' : named ? "the shop's snippet" : 'the default';
    throw new SimulateError(`The collector is not reachable at ${target} (from ${from}; ${why(e)}). ${hint} (or pass --endpoint URL).`);
  }
  return { endpoint: target, override: endpoint !== undefined };
}

function summarise(r: { shop: string; endpoint: string; seed: number | string; concurrency: number; results: SessionResult[]; plans: SessionPlan[]; durationMs: number }): Summary {
  const zeroSteps = () => Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  const perPersona = PERSONAS.map((p) => ({ id: p.id, label: p.label, sessions: 0, completed: 0, abandoned: zeroSteps(), failed: 0 }));
  const abandoned = zeroSteps();
  const frictions = Object.fromEntries(FRICTIONS.map((f) => [f, 0])) as Record<Friction, number>;
  for (const s of r.results) {
    const row = perPersona.find((p) => p.id === s.persona)!;
    row.sessions++;
    if (s.error) row.failed++;
    else if (s.outcome?.completed) row.completed++;
    else if (s.outcome) {
      row.abandoned[s.outcome.abandonedAt]++;
      abandoned[s.outcome.abandonedAt]++;
    }
    for (const f of s.frictions) frictions[f]++;
  }
  const ats = r.results.map((s) => s.at);
  return {
    shop: r.shop,
    endpoint: r.endpoint,
    seed: r.seed,
    sessions: r.results.length,
    concurrency: r.concurrency,
    perPersona: perPersona.filter((p) => p.sessions > 0),
    completed: perPersona.reduce((n, p) => n + p.completed, 0),
    abandoned,
    failed: perPersona.reduce((n, p) => n + p.failed, 0),
    returningVisitors: r.results.filter((s) => s.returningVisitor).length,
    frictions,
    clock: { from: ats.length ? Math.min(...ats) : 0, to: ats.length ? Math.max(...ats) : 0 },
    durationMs: r.durationMs,
    results: r.results,
    errors: r.results.flatMap((s) => (s.error ? [s.error] : [])),
  };
}

/** The summary as the terminal shows it. */
export function formatSummary(s: Summary): string {
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  const lines = [
    `Simulated ${s.sessions} sessions in ${duration(s.durationMs)} (seed ${s.seed}, concurrency ${s.concurrency})`,
    `  shop ${s.shop} → collector ${s.endpoint}`,
    '',
    `  ${'persona'.padEnd(40)}${pad('sessions', 9)}${pad('orders', 8)}   left at: ${STEPS.map((st) => pad(st, 9)).join('')}${pad('failed', 8)}`,
    ...s.perPersona.map((p) => `  ${p.label.padEnd(40)}${pad(p.sessions, 9)}${pad(p.completed, 8)}            ${STEPS.map((st) => pad(p.abandoned[st], 9)).join('')}${pad(p.failed, 8)}`),
    `  ${'total'.padEnd(40)}${pad(s.sessions, 9)}${pad(s.completed, 8)}            ${STEPS.map((st) => pad(s.abandoned[st], 9)).join('')}${pad(s.failed, 8)}`,
    '',
    `  Returning visitors (an earlier customer's browser): ${s.returningVisitors}`,
    `  Planted friction, sessions that ran into it: ${FRICTIONS.map((f) => `${f} ${s.frictions[f]}`).join(', ')}`,
    `  The sessions are dated ${when(s.clock.from)} to ${when(s.clock.to)} (all over 30 minutes ago, so the collector counts them as ended).`,
  ];
  if (s.errors.length) lines.push('', `  ${s.errors.length} session(s) failed:`, ...s.errors.slice(0, 10).map((e) => `    ${e}`));
  return lines.join('\n');
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');
const why = (e: unknown) => {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
};
const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};
const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

const HELP = `Usage: pnpm simulate [--sessions N] [--concurrency C] [--seed S] [--shop URL] [--endpoint URL]

Drives N real headless Chromium sessions through the running demo shop (start it with pnpm start).
  --sessions N      sessions to run (default ${DEFAULTS.sessions})
  --concurrency C   browser contexts at once (default ${DEFAULTS.concurrency})
  --seed S          seed of the personas' choices: the same seed replays the same run (default ${DEFAULTS.seed})
  --shop URL        the demo shop (default ${DEFAULTS.shop})
  --endpoint URL    send events to this collector instead of the one the shop's snippet names`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { sessions: { type: 'string' }, concurrency: { type: 'string' }, seed: { type: 'string' }, shop: { type: 'string' }, endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const int = (name: string, min: number): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min) throw new SimulateError(`--${name} must be a whole number ≥ ${min}, not "${v}"`);
    return Number(v);
  };
  const seedArg = values.seed as string | undefined;
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {value}/{total} sessions | {orders} orders | {failed} failed | {duration_formatted} elapsed{eta}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  try {
    const sessions = int('sessions', 0) ?? DEFAULTS.sessions;
    const t0 = Date.now();
    const opts: SimulateOptions = {
      sessions,
      concurrency: int('concurrency', 1),
      seed: seedArg === undefined ? undefined : /^\d+$/.test(seedArg) ? Number(seedArg) : seedArg,
      shop: values.shop as string | undefined,
      endpoint: values.endpoint as string | undefined,
      onProgress: (p) => {
        // The remaining time at the pace so far (none before the first session is done).
        const eta = p.done && p.done < p.total ? `, about ${duration(((Date.now() - t0) / p.done) * (p.total - p.done))} left` : '';
        bar.update(p.done, { orders: p.completed, failed: p.failed, eta });
      },
    };
    let barStarted = false;
    const summary = await simulate({
      ...opts,
      onProgress: (p) => {
        if (!barStarted) {
          bar.start(p.total, 0, { orders: 0, failed: 0, eta: '' });
          barStarted = true;
        }
        opts.onProgress!(p);
      },
    });
    if (barStarted) bar.stop();
    console.log(`\n${formatSummary(summary)}\n`);
    return summary.failed ? 1 : 0;
  } catch (e) {
    bar.stop();
    if (e instanceof SimulateError) {
      console.error(`simulate: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) process.exitCode = await main(process.argv.slice(2));
