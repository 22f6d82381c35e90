import type { Ctx } from '../core/context.ts';
import { selector } from '../dom/selector.ts';
import { closestAcross, ignored, targetOf } from '../dom/tree.ts';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface State {
  focuses: number;
  focusAt: number;
  firstInputAt: number;
  /** Length of the value after the last input: only the length is ever read, never the value. */
  len: number;
  typed: boolean;
}

const FIELD = 'input:not([type=hidden],[type=submit],[type=button],[type=reset],[type=image]),textarea,select';

/**
 * Form friction per field: focus and refocus, time to first input, clear-and-retype, change,
 * validation failures (`invalid` events and `aria-invalid` set by custom validation) and time
 * focused. The value itself is never read beyond its length, never stored, never sent.
 */
export function form(ctx: Ctx): void {
  const states = new WeakMap<Element, State>();
  const fieldOf = (e: Event): Field | null => {
    const t = targetOf(e);
    const f = t && closestAcross(t, FIELD);
    return f && !ignored(f, 'form') ? (f as Field) : null;
  };
  const emit = (f: Field, a: 'focus' | 'blur' | 'change' | 'refocus' | 'clear' | 'invalid', extra: { ms?: number; ttfi?: number; why?: string } = {}) => {
    // Undefined fields are dropped by JSON on the wire.
    ctx.emit({ k: 'field', sel: selector(f), a, ...extra, form: f.form ? selector(f.form) : undefined });
  };

  ctx.l.on<FocusEvent>('focusin', (e) => {
    const f = fieldOf(e);
    if (!f) return;
    const s = states.get(f) ?? { focuses: 0, focusAt: 0, firstInputAt: 0, len: 0, typed: false };
    states.set(f, s);
    s.focuses++;
    s.focusAt = e.timeStamp;
    s.firstInputAt = 0;
    emit(f, s.focuses > 1 ? 'refocus' : 'focus');
  });
  ctx.l.on<InputEvent>('input', (e) => {
    const f = fieldOf(e);
    const s = f && states.get(f);
    if (!f || !s) return;
    if (!s.firstInputAt) s.firstInputAt = e.timeStamp;
    const len = 'value' in f ? f.value.length : 0;
    if (s.typed && s.len > 0 && len === 0) emit(f, 'clear');
    s.typed = true;
    s.len = len;
  });
  ctx.l.on('change', (e) => {
    const f = fieldOf(e);
    if (f) emit(f, 'change');
  });
  ctx.l.on<FocusEvent>('focusout', (e) => {
    const f = fieldOf(e);
    const s = f && states.get(f);
    if (!f || !s) return;
    emit(f, 'blur', { ms: Math.round(e.timeStamp - s.focusAt), ttfi: s.firstInputAt ? Math.round(s.firstInputAt - s.focusAt) : undefined });
    // Custom validation usually marks the field right after blur.
    setTimeout(() => {
      if (f.getAttribute('aria-invalid') === 'true') emit(f, 'invalid', { why: 'aria-invalid' });
    }, 50);
  });
  // `invalid` does not bubble: the capturing document listener still sees it.
  ctx.l.on('invalid', (e) => {
    const f = fieldOf(e);
    if (!f) return;
    let why = 'customError';
    for (const k in f.validity) if (k !== 'valid' && f.validity[k as keyof ValidityState]) why = k;
    emit(f, 'invalid', { why });
  });
}
