/** Protocol version carried in every batch envelope (`v`). Bump on any incompatible change. */
export const PROTOCOL_VERSION = 1;

/**
 * Size limits shared by the SDK (so it never builds a batch the collector will refuse) and the
 * collector (so it can say exactly which limit a batch broke).
 */
export const LIMITS = {
  /** Events in one batch. */
  batchEvents: 500,
  /** Serialized bytes of one batch; sendBeacon refuses bodies over 64 KiB in Chromium. */
  batchBytes: 60_000,
  /** A CSS selector, as captured. */
  selector: 512,
  /** A URL (path + query), as captured. */
  url: 1024,
  /** Element text of a button or link, after masking. */
  text: 64,
  /** An error message. */
  message: 300,
  /** Names: touchpoints, funnels, steps, tracked events, trait keys and values. */
  name: 100,
  /** Move samples in one `move` event (pairs of x, y offsets). */
  movePoints: 200,
} as const;
