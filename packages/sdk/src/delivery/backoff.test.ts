import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './backoff.ts';

describe('retryDelay', () => {
  it('doubles the cap per attempt and jitters below it', () => {
    expect(retryDelay(0, 1000, 300_000, 0, () => 0.5)).toBe(500);
    expect(retryDelay(1, 1000, 300_000, 0, () => 0.5)).toBe(1000);
    expect(retryDelay(3, 1000, 300_000, 0, () => 1)).toBe(8000);
    expect(retryDelay(3, 1000, 300_000, 0, () => 0)).toBe(0);
  });
  it('never exceeds the maximum, however many attempts', () => {
    expect(retryDelay(50, 1000, 300_000, 0, () => 1)).toBe(300_000);
    expect(retryDelay(5000, 1000, 300_000, 0, () => 1)).toBe(300_000);
  });
  it('waits at least what Retry-After asks', () => {
    expect(retryDelay(0, 1000, 300_000, 7000, () => 0.1)).toBe(7000);
    expect(retryDelay(10, 1000, 300_000, 7000, () => 1)).toBe(300_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0')).toBe(0);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent and garbage values', () => {
    expect(parseRetryAfter(null)).toBe(0);
    expect(parseRetryAfter('soon')).toBe(0);
  });
});
