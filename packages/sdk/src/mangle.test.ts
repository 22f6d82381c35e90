import * as protocol from '@touchmap/protocol';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createApi } from './api.ts';
import { defaults } from './options.ts';

// terser renames every property listed in mangle.json, everywhere in a build. A listed name that
// is also a wire field, an option, a public method, a field persisted by an older build or a
// name shared with the separately built vitals chunk would break silently: this keeps them apart.
const { props } = JSON.parse(readFileSync(new URL('../mangle.json', import.meta.url), 'utf8')) as { props: string[] };

/** Every object key anywhere in the protocol's valibot schemas. */
function wireNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    const s = x as { kind?: string; entries?: Record<string, unknown> };
    if (s.kind === 'schema' && s.entries) for (const k of Object.keys(s.entries)) names.add(k);
    for (const v of Object.values(x)) visit(v);
  };
  for (const v of Object.values(protocol)) visit(v);
  return names;
}

it('mangles no wire field, option, public method or persisted field', () => {
  const wire = wireNames();
  expect(wire.has('sel') && wire.has('events') && wire.has('ttfi')).toBe(true);
  const forbidden = new Set([
    ...wire,
    ...Object.keys(defaults),
    'site',
    'endpoint',
    'vitalsUrl',
    ...Object.keys(createApi(async () => () => {}, async () => () => () => {})),
    // Persisted: chunks in IndexedDB (buffer/store.ts), the session in localStorage
    // (core/session.ts), visits in sessionStorage (signals/quick-back.ts).
    // The session also carries the survey's state (a, f).
    ...['s', 'p', 'e', 'd', 'id', 'last', 'returning', 'sampled', 'u', 'a', 'l', 'f'],
    // Shared with the separately built chunks and the page's stub (script-tag.ts, vitals/, survey/).
    ...['_loaded', '_vitals', '_survey', 'q', 'name', 'value', 'rating', 'el'],
    // The listener registry's methods the survey chunk calls (survey/chunk.ts), and survey
    // options (no defaults, so not in `defaults` above).
    ...['on', 'add', 'survey', 'surveyUrl', 'funnels', 'question', 'scale', 'at', 'touchpoints', 'complete', 'abandon'],
  ]);
  expect(props.filter((p) => forbidden.has(p))).toEqual([]);
});
