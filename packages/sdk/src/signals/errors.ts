import type { Click, Ctx } from '../core/context.ts';
import { mask } from '../dom/selector.ts';
import { ignored } from '../dom/tree.ts';

/** Distinct error messages reported per page view: a loop that throws must not flood the buffer. */
const MAX_ERRORS = 20;

/**
 * Uncaught errors and unhandled rejections (`err`), and error clicks (`errclick`): an error
 * within `errorClickMs` of a click, credited to that click's element — unless the same error
 * also happens with no click before it (a timer's, another script's): then it is the page's
 * background noise, and a click it happens to follow did not cause it.
 */
export function errors(ctx: Ctx): void {
  let last: Click | undefined;
  let seen = new Set<string>();
  const background = new Set<string>();
  ctx.onPageEnd(() => (seen = new Set()));
  ctx.onClick((c) => (last = ignored(c.t, 'error') ? undefined : c));

  const report = (at: number, raw: unknown, src?: string, ln?: number, col?: number, rej?: 1) => {
    const msg = mask(String(raw)).slice(0, 300) || 'Error';
    if (!last || at - last.e.timeStamp > ctx.cfg.errorClickMs) {
      if (background.size < 100) background.add(msg);
    } else if (!background.has(msg)) {
      last.threw = 1;
      ctx.emit({ k: 'errclick', ...last.where(), msg }, last.pv);
      last = undefined;
    }
    if (seen.size < MAX_ERRORS && !seen.has(msg)) {
      seen.add(msg);
      ctx.emit({ k: 'err', msg, src: src?.slice(0, 1024) || undefined, ln: ln || undefined, col: col || undefined, rej });
    }
  };

  // Resource load failures (an <img> 404) arrive on `error` too, as plain Events: not script errors.
  ctx.l.onWindow('error', (e) => e instanceof ErrorEvent && report(e.timeStamp, e.message, e.filename, e.lineno, e.colno));
  ctx.l.onWindow<PromiseRejectionEvent>('unhandledrejection', (e) => report(e.timeStamp, (e.reason as Error)?.message ?? e.reason, undefined, 0, 0, 1));
}
