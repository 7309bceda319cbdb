import { describe, expect, it } from 'vitest';
import { decideRetry, type RetryPolicy } from '../../src/outbox/retry-policy.ts';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 5 };
/** No jitter: the random factor at its midpoint gives the plain backoff. */
const even = () => 0.5;
const failed = { kind: 'retry', reason: 'http_500' } as const;

describe('decideRetry', () => {
  it('doubles the delay with each attempt recorded before, up to the cap', () => {
    expect([0, 1, 2, 3].map((attempts) => decideRetry(failed, attempts, { ...policy, maxAttempts: 99 }, even))).toEqual([
      { kind: 'retry', delayMs: 1000, attempts: 1 },
      { kind: 'retry', delayMs: 2000, attempts: 2 },
      { kind: 'retry', delayMs: 4000, attempts: 3 },
      { kind: 'retry', delayMs: 8000, attempts: 4 },
    ]);
    expect(decideRetry(failed, 10, { ...policy, maxAttempts: 99 }, even)).toEqual({ kind: 'retry', delayMs: 8000, attempts: 11 });
  });

  it('spreads the delay by at most a fifth either way', () => {
    expect(decideRetry(failed, 1, policy, () => 0)).toMatchObject({ delayMs: 1600 });
    expect(decideRetry(failed, 1, policy, () => 0.999_999)).toMatchObject({ delayMs: 2400 });
  });

  it('waits as long as a 429 asks, and uses up no attempt for it', () => {
    expect(decideRetry({ kind: 'retry', reason: 'ratelimited', afterMs: 30_000 }, 2, policy, even)).toEqual({ kind: 'retry', delayMs: 30_000, attempts: 2 });
    expect(decideRetry({ kind: 'retry', reason: 'ratelimited', afterMs: 0 }, 0, policy, even)).toEqual({ kind: 'retry', delayMs: 1000, attempts: 0 });
  });

  it('keeps retrying a rate limit past the attempt limit', () => {
    expect(decideRetry({ kind: 'retry', reason: 'ratelimited', afterMs: 1000 }, 4, policy, even)).toMatchObject({ kind: 'retry', attempts: 4 });
  });

  it('gives up at once on a permanent error', () => {
    expect(decideRetry({ kind: 'permanent', reason: 'channel_not_found' }, 0, policy, even)).toEqual({ kind: 'give_up', reason: 'channel_not_found', attempts: 1 });
  });

  it('gives up when this failure is the last attempt allowed', () => {
    expect(decideRetry(failed, 3, policy, even)).toMatchObject({ kind: 'retry', attempts: 4 });
    expect(decideRetry(failed, 4, policy, even)).toEqual({ kind: 'give_up', reason: 'http_500', attempts: 5 });
  });
});
