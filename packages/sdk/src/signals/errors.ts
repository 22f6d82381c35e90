import type { Ctx } from '../core/context.ts';
import { position } from '../dom/position.ts';
import { mask } from '../dom/selector.ts';
import { ignored, targetOf } from '../dom/tree.ts';
import { clickedElement } from './click.ts';

/** Distinct error messages reported per page view; a loop that throws must not flood the buffer. */
const MAX_ERRORS = 20;

/**
 * Uncaught errors and unhandled rejections (`err`), and error clicks (`errclick`): an error
 * within `errorClickMs` of a click, credited to that click's element.
 */
export function errors(ctx: Ctx): void {
  let last: { at: number; where: ReturnType<typeof position> } | undefined;
  const seen = new Set<string>();
  ctx.onPageEnd(() => seen.clear());

  ctx.l.on<MouseEvent>(document, 'click', (e) => {
    const t = targetOf(e);
    if (!e.isTrusted || !t || ignored(t, 'error')) return (last = undefined);
    const el = clickedElement(t);
    last = { at: e.timeStamp, where: position(el, e.clientX, e.clientY, e.detail === 0) };
  });

  const report = (at: number, raw: string, extra: { src?: string; ln?: number; col?: number; rej?: 1 }) => {
    const msg = mask(raw).slice(0, 300) || 'Error';
    if (last && at - last.at <= ctx.cfg.errorClickMs) {
      ctx.emit({ k: 'errclick', ...last.where, msg });
      last = undefined;
    }
    if (seen.size >= MAX_ERRORS || seen.has(msg)) return;
    seen.add(msg);
    ctx.emit({ k: 'err', msg, ...extra });
  };

  ctx.l.on<ErrorEvent>(window, 'error', (e) => {
    // Resource load failures (an <img> 404) arrive here too, as plain Events: not script errors.
    if (!(e instanceof ErrorEvent)) return;
    report(e.timeStamp, e.message, {
      ...(e.filename ? { src: e.filename.slice(0, 1024) } : {}),
      ...(e.lineno ? { ln: e.lineno } : {}),
      ...(e.colno ? { col: e.colno } : {}),
    });
  });
  ctx.l.on<PromiseRejectionEvent>(window, 'unhandledrejection', (e) => {
    const r = e.reason as { message?: unknown } | undefined;
    report(e.timeStamp, String(r && typeof r === 'object' && 'message' in r ? r.message : r), { rej: 1 });
  });
}
