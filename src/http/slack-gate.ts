import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isRawBodyError } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/** Slack's own requests are a few hundred kB at most (a modal of 3000-character fields, form-encoded). */
export const SLACK_BODY_LIMIT = 1024 * 1024;

const id = z.string().min(1).max(255);
const user = z.object({ id });

/** What the listeners rely on in each kind of request Slack sends; anything else is refused before Bolt sees it. */
const slackRequest = z.union([
  z.object({ ssl_check: z.literal('1') }),
  z.object({ command: z.string().regex(/^\/\S{1,64}$/), team_id: id, user_id: id, trigger_id: id.optional(), response_url: z.string().max(2000).optional() }),
  z.object({ type: z.literal('url_verification'), challenge: z.string().max(1000) }),
  z.object({ type: z.literal('event_callback'), event_id: id.optional(), event: z.object({ type: id }) }),
  z.object({ type: z.literal('app_rate_limited') }),
  z.object({ type: z.literal('block_actions'), user, actions: z.array(z.object({ action_id: id })).min(1) }),
  z.object({ type: z.enum(['view_submission', 'view_closed']), user, view: z.object({ id, callback_id: z.string().max(255), state: z.object({ values: z.record(z.string(), z.unknown()) }).optional() }) }),
  z.object({ type: z.literal('shortcut'), user, callback_id: id, trigger_id: id }),
  z.object({ type: z.literal('message_action'), user, callback_id: id, trigger_id: id, channel: z.object({ id }), message: z.object({ ts: id }) }),
]);

function refuse(res: ServerResponse, status: number, reason: string, unreadBody = false): false {
  // A body left unread stays on the connection: close it, or the client's next request on it breaks.
  res.writeHead(status, { 'content-type': 'application/json', ...(unreadBody ? { connection: 'close' } : {}) });
  res.end(JSON.stringify({ ok: false, reason }));
  return false;
}

/**
 * Reads, verifies and checks a request for the Slack endpoint before Bolt gets it (Bolt reuses the body
 * read here). A bad signature gets 401; a body too large 413; a body that is not a Slack request this app
 * knows (unreadable JSON, missing fields) 400 with a log line, instead of an error deep inside Bolt.
 * Admitted, the request's parsed body is given back; refused, false (the answer is sent).
 */
export async function admitSlackRequest(req: IncomingMessage, res: ServerResponse, signingSecret: string, logger: Logger): Promise<{ body: unknown } | false> {
  let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret, bodyLimit: SLACK_BODY_LIMIT }, req, res);
  } catch (error) {
    if (isRawBodyError(error)) {
      logger.warn({ status: error.statusCode, type: error.type }, 'unreadable Slack request body refused');
      return refuse(res, error.statusCode, error.statusCode === 413 ? 'request too large' : 'unreadable body', true);
    }
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Slack request with a bad signature refused');
    return refuse(res, 401, 'invalid signature');
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    logger.warn({ contentType: req.headers['content-type'] }, 'Slack request that is not JSON refused');
    return refuse(res, 400, 'body is not valid JSON');
  }
  const checked = slackRequest.safeParse(body);
  if (!checked.success) {
    const type = typeof body === 'object' && body !== null && 'type' in body ? String((body as { type: unknown }).type).slice(0, 50) : undefined;
    logger.warn({ type, issues: checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`) }, 'malformed Slack request refused');
    return refuse(res, 400, 'not a Slack request this app handles');
  }
  return { body };
}
