import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { Batch } from '@touchmap/protocol';

type Schema = v.BaseSchema<unknown, unknown, v.BaseIssue<unknown>>;

/** JSON Schema of what a caller sends (input side: query strings before parsing). */
const json = (s: Schema) => toJsonSchema(s, { typeMode: 'input', errorMode: 'ignore' });

const error = { description: 'refused', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } } } };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), error]));

/**
 * The OpenAPI document, generated from the same valibot schemas the routes validate with, so
 * it cannot drift from what the collector accepts.
 */
export function openApi(readQuery: Schema, heatmapQuery: Schema) {
  const params = (s: Schema) =>
    Object.entries((json(s) as { properties?: Record<string, object> }).properties ?? {}).map(([name, schema]) => ({ name, in: 'query', schema }));
  const read = (summary: string, extra: Schema[] = []) => ({
    get: {
      summary,
      security: [{ readToken: [] }],
      parameters: [{ name: 'site', in: 'path', required: true, schema: { type: 'string' } }, ...params(readQuery), ...extra.flatMap(params)],
      responses: { '200': { description: '{ rows }' }, ...errors(400, 401, 403) },
    },
  });
  const ingest = (summary: string, secured: boolean) => ({
    post: {
      summary,
      ...(secured ? { security: [{ secretKey: [] }] } : {}),
      requestBody: { required: true, content: { 'text/plain': { schema: json(Batch) }, 'application/json': { schema: json(Batch) } } },
      responses: { '200': { description: '{ stored, duplicates }, once durable' }, ...errors(400, 401, 403, 413, 429, 503) },
    },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'touchmap collector', version: '0.1.0' },
    components: {
      securitySchemes: {
        readToken: { type: 'http', scheme: 'bearer', description: 'touchmap-collector token create SITE' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'touchmap-collector secret create SITE' },
      },
    },
    paths: {
      '/v1/batch': ingest('Ingest a batch from the browser SDK (site key in the body)', false),
      '/v1/events': ingest('Ingest server-side events (off-site touchpoints)', true),
      '/v1/sites/{site}/pages': read('Pages with sessions, clicks and friction counts'),
      '/v1/sites/{site}/hotspots': read('Elements ranked by friction'),
      '/v1/sites/{site}/heatmap': read('Points binned on each element box, per kind and page', [heatmapQuery]),
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: '{ ok: true }' } } } },
    },
  };
}
