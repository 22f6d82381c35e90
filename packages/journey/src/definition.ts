import * as v from 'valibot';

/** The default stages, in order (domain.md); a site may rename, drop or reorder them. */
export const DEFAULT_STAGES = ['awareness', 'consideration', 'decision', 'onboarding', 'usage', 'support', 'retention', 'advocacy'] as const;

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'ids are 1–64 letters, digits, _ . - (starting with a letter or digit)'));
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** How a touchpoint is recognised in the events: any one of these matching is enough. */
const Match = v.pipe(
  v.strictObject({
    /** A URL pattern: the touchpoint is reached on a page view of a matching page. */
    url: v.optional(v.pipe(v.string(), v.startsWith('/', 'url patterns start with /'), v.maxLength(1024))),
    /** A selector as touchmap reports it: reached by a click on that element. */
    selector: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(512))),
    /** A `data-touchpoint` name or `touchpoint(name)` call (also server-side `tp` events). */
    touchpoint: v.optional(Name),
    /** A `track(name)` event, e.g. purchase. */
    track: v.optional(Name),
    /** A funnel step event, `step(funnel, step)` or `data-funnel-step="funnel:step"`, as "funnel:step". */
    step: v.optional(v.pipe(v.string(), v.regex(/^[^:]{1,100}:[^:]{1,100}$/, 'steps are written funnel:step'))),
  }),
  v.check((m) => Object.values(m).some((x) => x !== undefined), 'a touchpoint needs at least one of url, selector, touchpoint, track, step'),
);

/** Future-state targets a team sets for a touchpoint, shown against its current values. */
const Target = v.strictObject({
  /** Sessions reaching it, per period. */
  reach: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** Friction score (weighted signals per 100 sessions) at most this. */
  friction: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** Share of sessions going on to the next step or stage, 0..1. */
  conversion: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
});

export const Stage = v.strictObject({ id: Id, name: v.optional(Name) });

export const Touchpoint = v.strictObject({
  id: Id,
  name: v.optional(Name),
  stage: Id,
  match: Match,
  /** A moment that decides loyalty (payment, first use, first support answer). */
  momentOfTruth: v.optional(v.boolean()),
  target: v.optional(Target),
});

export const Funnel = v.strictObject({
  id: Id,
  name: v.optional(Name),
  /** Touchpoint ids, in order; the last is the goal. */
  steps: v.pipe(v.array(Id), v.minLength(2, 'a funnel needs at least two steps'), v.maxLength(20)),
});

/** A site's journey: ordered stages, touchpoints bound to them, funnels over touchpoints. */
export const JourneyDefinition = v.strictObject({
  stages: v.optional(v.pipe(v.array(Stage), v.minLength(1), v.maxLength(20)), DEFAULT_STAGES.map((id) => ({ id }))),
  touchpoints: v.pipe(v.array(Touchpoint), v.maxLength(500)),
  funnels: v.optional(v.pipe(v.array(Funnel), v.maxLength(50)), []),
});

export type JourneyDefinition = v.InferOutput<typeof JourneyDefinition>;
export type JourneyInput = v.InferInput<typeof JourneyDefinition>;
export type Touchpoint = v.InferOutput<typeof Touchpoint>;
export type Funnel = v.InferOutput<typeof Funnel>;
export type Stage = v.InferOutput<typeof Stage>;

export type Checked = { ok: true; journey: JourneyDefinition } | { ok: false; errors: string[] };

/**
 * Validates a journey definition: its shape (schema) and its references — every touchpoint's
 * stage exists, ids are unique, every funnel step names a touchpoint. Errors name the path
 * and the problem, e.g. `touchpoints.3.stage: unknown stage "checkout"`.
 */
export function checkJourney(input: unknown): Checked {
  const parsed = v.safeParse(JourneyDefinition, input);
  if (!parsed.success) return { ok: false, errors: parsed.issues.map((i) => `${v.getDotPath(i) ?? 'journey'}: ${i.message}`) };
  const j = parsed.output;
  const errors: string[] = [];
  const dupes = (what: string, ids: string[]) =>
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) errors.push(`${what}.${i}.id: duplicate id "${id}"`);
    });
  dupes('stages', j.stages.map((s) => s.id));
  dupes('touchpoints', j.touchpoints.map((t) => t.id));
  dupes('funnels', j.funnels.map((f) => f.id));
  const stages = new Set(j.stages.map((s) => s.id));
  const touchpoints = new Set(j.touchpoints.map((t) => t.id));
  j.touchpoints.forEach((t, i) => {
    if (!stages.has(t.stage)) errors.push(`touchpoints.${i}.stage: unknown stage "${t.stage}" (stages: ${[...stages].join(', ')})`);
  });
  j.funnels.forEach((f, i) =>
    f.steps.forEach((s, k) => {
      if (!touchpoints.has(s)) errors.push(`funnels.${i}.steps.${k}: step "${s}" matches no touchpoint`);
      else if (f.steps.indexOf(s) !== k) errors.push(`funnels.${i}.steps.${k}: step "${s}" appears twice`);
    }),
  );
  return errors.length ? { ok: false, errors } : { ok: true, journey: j };
}
