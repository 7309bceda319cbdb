import type { Verdict } from './slack-errors.ts';

export interface RetryPolicy {
  /** First retry delay; each further attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

/** What to do after a failed send: when to send again (and the attempts to record), or give up. */
export type RetryDecision = { kind: 'retry'; delayMs: number; attempts: number } | { kind: 'give_up'; reason: string; attempts: number };

/**
 * Decides what follows a failed send, given the attempts recorded before it. Slack asking us to slow down
 * says nothing about whether the message can be sent, so it uses up no attempt; a permanent error gives
 * up at once. `random` spreads retries by ±20 % so instances that failed together do not retry together.
 */
export function decideRetry(verdict: Verdict, attempts: number, policy: RetryPolicy = defaultRetryPolicy, random: () => number = Math.random): RetryDecision {
  const tried = attempts + 1;
  const counted = verdict.reason === 'ratelimited' ? attempts : tried;
  if (verdict.kind === 'permanent' || counted >= policy.maxAttempts) return { kind: 'give_up', reason: verdict.reason, attempts: counted };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tried - 1));
  const delayMs = Math.max(verdict.afterMs ?? 0, Math.round(backoff * (0.8 + random() * 0.4)));
  return { kind: 'retry', delayMs, attempts: counted };
}
