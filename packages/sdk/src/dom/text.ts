import { mask } from './selector.ts';

/** Visible label of a button or link, whitespace folded, masked, at most 64 characters. */
export function labelText(el: Element): string | undefined {
  const control = el.closest('a[href],button,[role=button],[role=link],input[type=submit],input[type=button]');
  if (!control) return undefined;
  const raw = control instanceof HTMLInputElement ? control.value : control.textContent;
  const t = mask((raw ?? '').replace(/\s+/g, ' ').trim()).slice(0, 64);
  return t || undefined;
}
