import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { Batch } from '@touchmap/protocol';
import { ElementQuery, ExportQuery, HeatmapQuery, ReadQuery } from './query.ts';
import { NewSite } from './routes/admin.ts';
import { JourneyDefinition } from '@touchmap/journey';

type Schema = v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>;

/** JSON Schema of what a caller sends (input side: query strings before parsing). */
const json = (s: Schema) => toJsonSchema(s, { typeMode: 'input', errorMode: 'ignore' });

const error = { description: 'refused', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } } } };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), error]));
const params = (s: Schema, where = 'query') =>
  Object.entries((json(s) as { properties?: Record<string, object> }).properties ?? {}).map(([name, schema]) => ({ name, in: where, schema }));

/**
 * The OpenAPI document, generated from the same valibot schemas the routes validate with, so
 * it cannot drift from what the collector accepts.
 */
export function openApi() {
  const site = { name: 'site', in: 'path', required: true, schema: { type: 'string' } };
  const read = (summary: string, answer: string, extra: Schema[] = []) => ({
    get: {
      summary,
      security: [{ readToken: [] }],
      // A later schema's parameter replaces an earlier one of the same name (export's limit).
      parameters: [site, ...[...new Map([ReadQuery as Schema, ...extra].flatMap((s) => params(s)).map((p) => [p.name, p])).values()]],
      responses: { '200': { description: answer }, ...errors(400, 401, 403) },
    },
  });
  const ingest = (summary: string, secured: boolean) => ({
    post: {
      summary,
      ...(secured ? { security: [{ secretKey: [] }] } : {}),
      requestBody: { required: true, content: { 'text/plain': { schema: json(Batch) }, 'application/json': { schema: json(Batch) } } },
      responses: {
        '200': { description: secured ? '{ stored, duplicates }, once durable' : "{ stored, duplicates }, once durable; { stored: 0, duplicates: 0, ignored: 'bot' } for a bot's batch (setting `bots`)" },
        ...errors(400, 401, 403, 413, 429, 503),
      },
    },
  });
  const admin = (method: 'get' | 'post' | 'delete', summary: string, answer: string, extra: object = {}) => ({
    [method]: { summary, security: [{ adminToken: [] }], ...extra, responses: { [method === 'post' ? '201' : '200']: { description: answer }, ...errors(400, 401, 404, 409) } },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'touchmap collector', version: '0.2.0' },
    components: {
      securitySchemes: {
        readToken: { type: 'http', scheme: 'bearer', description: 'touchmap-collector token create SITE' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'touchmap-collector secret create SITE' },
        adminToken: { type: 'http', scheme: 'bearer', description: '<data>/admin.token of the running collector' },
      },
    },
    paths: {
      '/v1/batch': ingest('Ingest a batch from the browser SDK (site key in the body)', false),
      '/v1/events': ingest('Ingest server-side events (off-site touchpoints)', true),
      '/v1/sites/{site}/pages': read('Page groups with sessions, views, clicks and friction counts', '{ rows, next? }'),
      '/v1/sites/{site}/hotspots': read('Elements ranked by sessions with friction', '{ rows, next? }'),
      '/v1/sites/{site}/heatmap': read('Points binned on each element box, per kind, for one page (url or page); page-coordinate grid as fallback', '{ rows, next?, grid }', [HeatmapQuery]),
      '/v1/sites/{site}/scroll': read('Scroll depth of one page (url or page): the depths 75/50/25% of page views reach (fold lines) and the median page height', '{ views, height, folds: [{ reach, depth, px }] }'),
      '/v1/sites/{site}/element': read("One element's stats: events by kind, sessions, dwell, form-field actions, INP, errors, pages", 'element stats', [ElementQuery]),
      '/v1/sites/{site}/export': read('Raw events as CSV or Parquet, oldest first (x-touchmap-rows, x-touchmap-next-offset)', 'a file', [ExportQuery]),
      '/v1/sites/{site}/journey': {
        put: {
          summary: "Set the site's journey definition: stored as a new version (admin token, the site's secret key or an edit token)",
          security: [{ adminToken: [] }, { secretKey: [] }],
          parameters: [site],
          requestBody: { required: true, content: { 'application/json': { schema: json(JourneyDefinition) } } },
          responses: { '201': { description: '{ version, created, source }' }, '400': { description: '{ error, errors }: every problem, with its path' }, ...errors(401, 403, 404) },
        },
        get: {
          summary: 'The latest journey definition, or ?version=N',
          security: [{ readToken: [] }],
          parameters: [site, { name: 'version', in: 'query', schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': { description: '{ version, created, source, journey }' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/sites/{site}/journey/touchpoints': {
        post: {
          summary: 'Add one touchpoint matched by a selector (the overlay tags an element): a new version of the journey (edit token, secret key or admin token)',
          security: [{ readToken: [] }, { secretKey: [] }, { adminToken: [] }],
          parameters: [site],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name', 'stage', 'selector'], properties: { id: { type: 'string' }, name: { type: 'string' }, stage: { type: 'string' }, selector: { type: 'string' }, momentOfTruth: { type: 'boolean' } } } } } },
          responses: { '201': { description: '{ version, created, source, touchpoint }' }, '400': { description: '{ error, errors? }' }, ...errors(401, 403, 409) },
        },
      },
      '/v1/token': { get: { summary: 'The site a read token reads and its role (read, or edit)', security: [{ readToken: [] }], responses: { '200': { description: '{ site, role }' }, ...errors(401) } } },
      '/v1/sites/{site}/journey/versions': { get: { summary: 'Every stored version, newest first', security: [{ readToken: [] }], parameters: [site], responses: { '200': { description: '{ versions }' }, ...errors(401, 403) } } },
      '/v1/admin/sites': {
        ...admin('get', 'List sites', '{ sites }'),
        ...admin('post', 'Add a site', '{ site, key, origins }', { requestBody: { required: true, content: { 'application/json': { schema: json(NewSite) } } } }),
      },
      '/v1/admin/sites/{site}': {
        ...admin('get', 'A site and what it holds: { events, pageViews, traits, journeyVersions, tokens, secrets }', '{ site, key, origins, data }', { parameters: [site] }),
        ...admin('delete', 'Erase a site: its events, page views, traits, journey versions, tokens, secrets and the site itself, for good', '{ site, erased }', { parameters: [site] }),
      },
      '/v1/admin/sites/{site}/tokens': admin('post', 'Create a read token (shown once); body {"role": "edit"} for one that may also change the journey', '{ token }', { parameters: [site] }),
      '/v1/admin/sites/{site}/secrets': admin('post', 'Create a secret key for server-side events (shown once)', '{ secret }', { parameters: [site] }),
      '/v1/admin/events/count': admin('get', 'Count stored events', '{ count }', { parameters: [{ name: 'site', in: 'query', schema: { type: 'string' } }] }),
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: '{ ok: true }' } } } },
    },
  };
}
