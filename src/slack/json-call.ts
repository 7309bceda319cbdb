import type { ModalView } from '@slack/types';
import { type ViewsOpenResponse, type WebAPICallResult, type WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { SLACK_CALL_TIMEOUT_MS } from './client-options.ts';
import { leanFetch } from './lean-fetch.ts';

const requestError = (error: unknown) => new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));

/**
 * A Web API write method called with a JSON body (Slack takes JSON for them, the token in the Authorization
 * header), on the lean transport. WebClient would JSON-encode the blocks or the view, then form-encode that
 * (a 2.6 kB bug form grew to 4 kB of escapes), and run its queue, retry and result machinery: a tenth of the
 * CPU of each `/bug` under load, and of each message the outbox sends (bench/RESULTS.md). It fails as
 * WebClient would, with the same error classes: 429 (never waited out, as slackClientOptions says), an HTTP
 * error, `ok: false`, or no readable answer. An org-wide install's client carries its workspace (`teamId`),
 * sent as `team_id` as WebClient sends it.
 */
export async function callJson<T extends WebAPICallResult>(client: WebClient, method: string, args: Record<string, unknown>): Promise<T> {
  const teamId = (client as unknown as { teamId?: string }).teamId;
  let response: Awaited<ReturnType<typeof leanFetch>>;
  try {
    response = await leanFetch(`${client.slackApiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${client.token ?? ''}` },
      body: JSON.stringify(teamId ? { team_id: teamId, ...args } : args),
      signal: AbortSignal.timeout(SLACK_CALL_TIMEOUT_MS),
    });
  } catch (error) {
    throw requestError(error);
  }
  if (response.status === 429) throw new WebAPIRateLimitedError(Number(response.headers.get('retry-after') ?? 0));
  if (response.status !== 200) throw new WebAPIHTTPError(response.status, response.statusText, Object.fromEntries(response.headers.entries()), await response.text());
  let result: T;
  try {
    result = (await response.json()) as T;
  } catch (error) {
    throw requestError(error);
  }
  const { error } = result as { error?: unknown };
  if (!result.ok) throw new WebAPIPlatformError({ ...result, error: typeof error === 'string' ? error : 'unknown_error' });
  return result;
}

/** views.open as JSON (callJson): how every modal opens. */
export function openView(client: WebClient, triggerId: string, view: ModalView): Promise<ViewsOpenResponse> {
  return callJson<ViewsOpenResponse>(client, 'views.open', { trigger_id: triggerId, view });
}
