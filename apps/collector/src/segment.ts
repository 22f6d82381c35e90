/**
 * Segments (domain.md "Persona / segment"): sessions grouped by device class, new vs returning,
 * traffic source, viewport band or site-provided traits. Every read query takes one.
 */
export interface Segment {
  device?: 'mobile' | 'tablet' | 'desktop';
  visitor?: 'new' | 'returning';
  /** Where the session came from: its landing page's utm_source, else the referrer's host, else "direct". */
  source?: string;
  viewport?: ViewportBand;
  /** Traits the site set with `segment()`, all of which must match: [key, value] pairs. */
  traits?: [string, string][];
}

/** Viewport width bands, in CSS px: s < 640 ≤ m < 1024 ≤ l < 1440 ≤ xl. */
export type ViewportBand = 's' | 'm' | 'l' | 'xl';
export const viewportBand = (width: number): ViewportBand => (width < 640 ? 's' : width < 1024 ? 'm' : width < 1440 ? 'l' : 'xl');

export const DEVICES = { m: 'mobile', t: 'tablet', d: 'desktop' } as const;

/** A page view's traffic source: utm_source, else the referring host (without www.), else direct. */
export function trafficSource(utmSource: string | undefined, referrer: string | undefined): string {
  if (utmSource) return utmSource.trim().toLowerCase().slice(0, 100);
  if (referrer) {
    try {
      return new URL(referrer).hostname.replace(/^www\./, '').toLowerCase();
    } catch {
      // A referrer the SDK sent but no URL parser accepts: counted, not lost.
      return 'other';
    }
  }
  return 'direct';
}
