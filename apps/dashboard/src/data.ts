import { useEffect, useState } from 'preact/hooks';
import type { SiteClient } from '@touchmap/client';
import type { ViewState } from './state.ts';

export interface ViewProps {
  api: SiteClient;
  state: ViewState;
  set: (p: Partial<ViewState>) => void;
  site: string;
  /** The site's first origin: where the overlay is opened. */
  origin?: string;
}

/** Loads what a view shows whenever `deps` change; the latest answer wins. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setError('');
    load().then(
      (d) => live && setData(d),
      (e: Error) => live && (setError(e.message), setData(null)),
    );
    return () => {
      live = false;
    };
  }, deps);
  return { data, error };
}

export const pct = (x: number | null | undefined) => (x == null ? '–' : `${Math.round(x * 100)}%`);
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const rangeText = (s: ViewState) => `${new Date(s.from).toISOString().slice(0, 10)} – ${new Date(s.to).toISOString().slice(0, 10)}`;

/** The overlay on the live site, on `url`, at element `sel`: where a pain point is seen. */
export function overlayLink(origin: string | undefined, url: string, sel?: string): string | null {
  if (!origin) return null;
  const u = new URL(url, origin);
  u.searchParams.set('touchmap', 'overlay');
  if (sel) u.searchParams.set('touchmap-sel', sel);
  return u.toString();
}
