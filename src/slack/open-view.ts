import type { ModalView } from '@slack/types';
import { type ViewsOpenResponse, type WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { leanFetch } from './lean-fetch.ts';

/** As slackClientOptions: a person waits on the trigger id (3 s), so a call that does not answer fails. */
const TIMEOUT_MS = 5000;

/**
 * views.open with the view as JSON (Slack takes JSON bodies for it, the token in the Authorization header),
 * on the lean transport. WebClient would JSON-encode the view, then form-encode that (a 2.6 kB form grew to
 * 4 kB of escapes), and run its queue, retry and result machinery: a tenth of the CPU of each `/bug` under
 * load (bench/RESULTS.md). It fails as WebClient would, with the same error classes: 429 (never waited out,
 * as slackClientOptions says), an HTTP error, `ok: false`, or no answer. An org-wide install's client
 * carries its workspace (`teamId`), sent as `team_id` as WebClient sends it.
 */
export async function openView(client: WebClient, triggerId: string, view: ModalView): Promise<ViewsOpenResponse> {
  const teamId = (client as unknown as { teamId?: string }).teamId;
  const body = `{"trigger_id":${JSON.stringify(triggerId)},${teamId ? `"team_id":${JSON.stringify(teamId)},` : ''}"view":${JSON.stringify(view)}}`;
  let response: Awaited<ReturnType<typeof leanFetch>>;
  try {
    response = await leanFetch(`${client.slackApiUrl}views.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${client.token ?? ''}` },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
  }
  if (response.status === 429) throw new WebAPIRateLimitedError(Number(response.headers.get('retry-after') ?? 0));
  if (response.status !== 200) throw new WebAPIHTTPError(response.status, response.statusText, Object.fromEntries(response.headers.entries()), await response.text());
  let result: ViewsOpenResponse;
  try {
    result = (await response.json()) as ViewsOpenResponse;
  } catch (error) {
    throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
  }
  if (!result.ok) throw new WebAPIPlatformError({ ...result, error: result.error ?? 'unknown_error' });
  return result;
}
