import type { EventBody } from '@touchmap/protocol';
import type { Ctx } from '../core/context.ts';
import { safe } from '../core/safe.ts';
import type { Session } from '../core/session.ts';
import type { startSurvey } from './chunk.ts';

/** Fetches the lazy survey chunk; the script tag loads it from `url` (the `surveyUrl` option) when given. */
export type SurveyLoader = (url?: string) => Promise<typeof startSurvey>;

/**
 * The micro-survey's part in the core script, kept to a coarse filter because every visitor of
 * every site pays for the core's bytes. Events that may ask the survey are handed to the lazy
 * chunk, fetched on the first of them once consent allows: a touchpoint of `at.touchpoints`, the
 * last step of a funnel of `at.complete`, any step of a funnel of `at.abandon` (the chunk keeps
 * which are open), and a page view while this session has a
 * funnel open (`f` on its record, kept by the chunk), so that the chunk is there to see exit
 * intent. The chunk decides the rest: last steps, open funnels, the sample, once per session,
 * the UI. Returns the observer the tracker runs on every event it records (undefined when no
 * survey is configured).
 */
export function surveyTrigger(ctx: Ctx, load: SurveyLoader, session: () => Session): ((e: EventBody) => void) | undefined {
  const o = ctx.cfg.survey;
  if (!o) return;
  const at = o.at ?? {};
  let chunk: Promise<(e: EventBody) => void> | undefined;
  // Runs inside emit(): it must never throw there (the options come from the page).
  return safe((e) => {
    if (
      // A click carries the touchpoint of its `data-touchpoint` ancestor as `tp`.
      (e.k == 'pv' ? session().f : e.k == 'step' ? at.abandon?.includes(e.f) || (at.complete?.includes(e.f) && ctx.cfg.funnels?.[e.f]?.at(-1) == e.s) : at.touchpoints?.includes((e.k == 'tp' ? e.name : (e as { tp?: string }).tp)!)) &&
      ctx.canStore()
    )
      (chunk ??= load(ctx.cfg.surveyUrl).then((start) => start(ctx.cfg, ctx.emit, ctx.canStore, session, ctx.l)))
        .then((f) => f(e))
        .catch(() => {});
  });
}
