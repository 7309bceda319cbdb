import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isRawBodyError } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/** Slack's own requests are a few hundred kB at most (a modal of 3000-character fields, form-encoded). */
export const SLACK_BODY_LIMIT = 1024 * 1024;
/** Slack: refuse a request whose timestamp is more than five minutes from the local clock (a replay). */
const MAX_SKEW_SECONDS = 5 * 60;

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
 * Slack's request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret, compared in
 * constant time. Gives the reason a request is refused, or undefined when it is Slack's. Bolt's own check
 * (verify-request.js) compares with tsscmp, which draws random bytes for every request: that was 5 % of the
 * bot's CPU under `/bug` load (bench/RESULTS.md).
 */
export function signatureProblem(signingSecret: string, headers: IncomingHttpHeaders, rawBody: Buffer, nowMs = Date.now()): string | undefined {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return 'signature headers missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'timestamp is not a number of seconds';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'timestamp more than five minutes away: stale or replayed';
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'signature mismatch';
}

/** What the gate admitted: the request with its body read (Bolt reads `rawBody`), and that body parsed. */
export interface Admitted {
  request: IncomingMessage & { rawBody: Buffer };
  body: Record<string, unknown>;
}

/** Slack's SSL check is the one request it does not sign: only `ssl_check=1` is kept of it (as Bolt does). */
function sslCheck(request: Admitted['request']): Admitted | undefined {
  if (request.headers['content-type'] !== 'application/x-www-form-urlencoded' || request.headers['x-slack-signature'] !== undefined) return undefined;
  if (new URLSearchParams(request.rawBody.toString('utf8')).get('ssl_check') !== '1') return undefined;
  request.rawBody = Buffer.from('ssl_check=1');
  return { request, body: { ssl_check: '1' } };
}

/**
 * Reads, verifies and checks a request for the Slack endpoint before Bolt gets it, once: Bolt is handed the
 * body parsed here (http/bolt-events.ts) and neither reads nor verifies it again. A bad or stale signature
 * gets 401; a body too large 413; a body that is not a Slack request this app knows (unreadable JSON,
 * missing fields) 400 with a log line, instead of an error deep inside Bolt. Refused, false (the answer is
 * sent).
 */
export async function admitSlackRequest(req: IncomingMessage, res: ServerResponse, signingSecret: string, logger: Logger): Promise<Admitted | false> {
  let request: Admitted['request'];
  try {
    request = (await HTTPModuleFunctions.bufferIncomingMessage(req, SLACK_BODY_LIMIT)) as Admitted['request'];
  } catch (error) {
    if (isRawBodyError(error)) {
      logger.warn({ status: error.statusCode, type: error.type }, 'unreadable Slack request body refused');
      return refuse(res, error.statusCode, error.statusCode === 413 ? 'request too large' : 'unreadable body', true);
    }
    throw error;
  }
  const ssl = sslCheck(request);
  if (ssl) return ssl;
  const problem = signatureProblem(signingSecret, req.headers, request.rawBody);
  if (problem) {
    logger.warn({ reason: problem }, 'Slack request with a bad signature refused');
    return refuse(res, 401, 'invalid signature');
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(request);
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
  return { request, body: body as Record<string, unknown> };
}
