import { expect, it } from 'vitest';
import { createRateLimit } from './rate-limit.ts';

it('lets a burst through, then refuses with the seconds to wait, then refills', () => {
  const limit = createRateLimit(2, 4);
  const t = 1_000_000;
  expect([0, 1, 2, 3].map(() => limit.take('a', t))).toEqual([0, 0, 0, 0]);
  expect(limit.take('a', t)).toBe(1);
  // Sites have their own buckets.
  expect(limit.take('b', t)).toBe(0);
  // Half a second refills one batch at 2/s.
  expect(limit.take('a', t + 500)).toBe(0);
  expect(limit.take('a', t + 500)).toBe(1);
});

it('asks for longer waits at lower rates', () => {
  const limit = createRateLimit(0.1, 1);
  expect(limit.take('a', 0)).toBe(0);
  expect(limit.take('a', 0)).toBe(10);
});
