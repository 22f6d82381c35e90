import type { Ctx } from '../core/context.ts';
import { selector } from '../dom/selector.ts';
import { closestAcross, ignored, targetOf } from '../dom/tree.ts';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * Per field: [focus count, focused at, first input at (0: none since focus), length of the value
 * after the last input (-1: no input yet)]. Only the length is ever read, never the value.
 */
type State = [focuses: number, focusAt: number, firstInputAt: number, len: number];

const FIELD = 'input:not([type=hidden],[type=submit],[type=button],[type=reset],[type=image]),textarea,select';

/**
 * Form friction per field: focus and refocus, time to first input, clear-and-retype, change,
 * validation failures (`invalid` events and `aria-invalid` set by custom validation) and time
 * focused. The value itself is never read beyond its length, never stored, never sent.
 */
export function form(ctx: Ctx): void {
  const states = new WeakMap<Element, State>();
  const emit = (f: Field, a: 'focus' | 'blur' | 'change' | 'refocus' | 'clear' | 'invalid', extra?: { ms?: number; ttfi?: number; why?: string }) =>
    // Undefined fields are dropped by JSON on the wire.
    ctx.emit({ k: 'field', sel: selector(f), a, ...extra, form: f.form ? selector(f.form) : undefined });
  /** Runs `fn` for `type` events on a form field (outside data-touchmap-ignore/-no-form), with its state. */
  const onField =
    <E extends Event>(fn: (f: Field, s: State | undefined, e: E) => void) =>
    (e: E) => {
      const t = targetOf(e);
      const f = t && (closestAcross(t, FIELD) as Field | null);
      if (f && !ignored(f, 'form')) fn(f, states.get(f), e);
    };
  const on = <E extends Event>(type: string, fn: (f: Field, s: State | undefined, e: E) => void) => ctx.l.on<E>(type, onField(fn));

  // Listened to only while a field has focus: focus moving between buttons needs no blur.
  const blur = onField<FocusEvent>((f, s, e) => {
    if (!s) return;
    emit(f, 'blur', { ms: Math.round(e.timeStamp - s[1]), ttfi: s[2] ? Math.round(s[2] - s[1]) : undefined });
    // Custom validation usually marks the field right after blur.
    setTimeout(() => f.getAttribute('aria-invalid') == 'true' && emit(f, 'invalid', { why: 'aria-invalid' }), 50);
  });

  on('focusin', (f, s = [0, 0, 0, -1], e) => {
    states.set(f, s);
    s[1] = e.timeStamp;
    s[2] = 0;
    emit(f, s[0]++ ? 'refocus' : 'focus');
    ctx.l.onNext('focusout', blur);
  });
  on('input', (f, s, e) => {
    if (!s) return;
    s[2] ||= e.timeStamp;
    const len = 'value' in f ? f.value.length : 0;
    if (s[3] > 0 && !len) emit(f, 'clear');
    s[3] = len;
  });
  on('change', (f) => emit(f, 'change'));
  // `invalid` does not bubble: the capturing document listener still sees it.
  on('invalid', (f) => {
    let why = 'customError';
    for (const k in f.validity) if (k != 'valid' && f.validity[k as keyof ValidityState]) why = k;
    emit(f, 'invalid', { why });
  });
}
