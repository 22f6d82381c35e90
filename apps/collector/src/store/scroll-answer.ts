import type { ScrollDepth } from './store.ts';

/**
 * The scroll-depth answer from the row both engines compute: page views, the median height
 * (`height`), and the 25th/50th/75th percentiles of depth (`q`) and of depth × height in px (`px`).
 * Reaching 75% of views is the 25th percentile of depth.
 */
export function scrollAnswer(r: Record<string, unknown> | undefined, height: string): ScrollDepth {
  const views = Number(r?.views ?? 0);
  const q3 = views ? (r!.q as number[]).map(Number) : [];
  const px = views ? (r!.px as number[]).map(Number) : [];
  return {
    views,
    height: views ? Math.round(Number(r![height] ?? 0)) : null,
    folds: q3.map((depth, i) => ({ reach: [0.75, 0.5, 0.25][i]!, depth: Math.round(depth * 1000) / 1000, px: Math.round(px[i]!) })),
  };
}
