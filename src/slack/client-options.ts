import type { WebClientOptions } from '@slack/web-api';
import { leanFetch } from './lean-fetch.ts';

/** How long a Web API call may take before it fails (every client's, and slack/json-call.ts's). */
export const SLACK_CALL_TIMEOUT_MS = 5000;

/**
 * Calls made while a person waits (views.open has a 3 s trigger) must fail fast, and the outbox does
 * its own retrying, so the Web API client never retries or waits out a 429 itself. Every client (Bolt's
 * included: App gets these options) goes over lean-fetch.ts.
 */
export function slackClientOptions(apiUrl: string): WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: SLACK_CALL_TIMEOUT_MS, fetch: leanFetch };
}
