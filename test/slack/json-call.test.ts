import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModalView } from '@slack/types';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBugModal } from '../../src/blocks/bug-modal.ts';
import { slackClientOptions } from '../../src/slack/client-options.ts';
import { openView } from '../../src/slack/json-call.ts';

// views.open as JSON (src/slack/json-call.ts) against WebClient's own views.open: the same view and token
// reach Slack, and each kind of failure is the same error.
let server: Server;
let apiUrl: string;
const seen: { authorization?: string; contentType?: string; trigger?: string; teamId?: string; view?: unknown }[] = [];

/** What Slack received, read either way it can be sent (form-encoded by WebClient, JSON by openView). */
function readBody(contentType: string | undefined, body: string): Record<string, any> {
  if (contentType?.startsWith('application/json')) return JSON.parse(body);
  const form = Object.fromEntries(new URLSearchParams(body));
  return { ...form, view: JSON.parse(form.view ?? 'null') };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const params = readBody(req.headers['content-type'], body);
      seen.push({ authorization: req.headers.authorization ?? (params.token ? `Bearer ${params.token}` : undefined), contentType: req.headers['content-type'], trigger: params.trigger_id, teamId: params.team_id, view: params.view });
      const answer = (status: number, headers: Record<string, string>, text: string) => {
        res.writeHead(status, headers);
        res.end(text);
      };
      switch (params.trigger_id) {
        case 'limited':
          return answer(429, { 'retry-after': '7', 'content-type': 'application/json' }, '{"ok":false,"error":"ratelimited"}');
        case 'broken':
          return answer(503, { 'content-type': 'text/plain' }, 'upstream broke');
        case 'expired':
          return answer(200, { 'content-type': 'application/json' }, '{"ok":false,"error":"expired_trigger_id"}');
        case 'garbled':
          return answer(200, { 'content-type': 'application/json' }, '{"ok":tr');
        default:
          return answer(200, { 'content-type': 'application/json' }, JSON.stringify({ ok: true, view: { id: 'V123', hash: 'h1', ...params.view } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const view = buildBugModal({ prefill: { summary: 'Ünïcode & <tags> "quoted" 100% +plus' }, privateMetadata: JSON.stringify({ channelId: 'C1', responseUrl: 'https://hooks.slack.test/x?y=1&z=2' }) }) as ModalView;
const both = (client: WebClient) => ({
  json: (trigger: string) => openView(client, trigger, view),
  form: (trigger: string) => client.views.open({ trigger_id: trigger, view }),
});

describe('views.open as JSON', () => {
  it('when a modal opens, then Slack receives the same view and token as from WebClient, as JSON, and the answer is the same', async () => {
    const client = new WebClient('xoxb-test', slackClientOptions(apiUrl));
    seen.length = 0;
    const { json, form } = both(client);
    const [fromJson, fromForm] = [await json('fresh-1'), await form('fresh-2')];
    expect(seen.map((s) => [s.authorization, s.trigger])).toEqual([
      ['Bearer xoxb-test', 'fresh-1'],
      ['Bearer xoxb-test', 'fresh-2'],
    ]);
    expect(seen[0]!.contentType).toBe('application/json; charset=utf-8');
    expect(seen[0]!.view).toEqual(seen[1]!.view);
    expect(seen[0]!.view).toEqual(JSON.parse(JSON.stringify(view)));
    const { response_metadata: _a, ...jsonAnswer } = fromJson as unknown as Record<string, unknown>;
    const { response_metadata: _b, ...formAnswer } = fromForm as unknown as Record<string, unknown>;
    expect(jsonAnswer).toEqual(formAnswer);
    expect(fromJson.view?.id).toBe('V123');
  });

  it('when the client is an org-wide install working in one workspace, then its team_id goes along, as WebClient sends it', async () => {
    const client = new WebClient('xoxb-org', { ...slackClientOptions(apiUrl), teamId: 'T_MEMBER' });
    seen.length = 0;
    const { json, form } = both(client);
    await json('org-1');
    await form('org-2');
    expect(seen.map((s) => s.teamId)).toEqual(['T_MEMBER', 'T_MEMBER']);
  });

  it.each([
    ['limited', ErrorCode.RateLimitedError, { retryAfter: 7 }],
    ['broken', ErrorCode.HTTPError, { statusCode: 503 }],
    ['expired', ErrorCode.PlatformError, { data: expect.objectContaining({ ok: false, error: 'expired_trigger_id' }) }],
  ])('when Slack answers %s, then openView fails with the error WebClient fails with', async (trigger, code, detail) => {
    const { json, form } = both(new WebClient('xoxb-test', slackClientOptions(apiUrl)));
    const [fromJson, fromForm] = await Promise.all([json(trigger).catch((e: unknown) => e), form(trigger).catch((e: unknown) => e)]);
    expect(fromJson).toMatchObject({ code, ...detail });
    expect(fromForm).toMatchObject({ code, ...detail });
  });

  it('when the answer is not JSON or nothing answers, then it fails as a request error', async () => {
    const { json } = both(new WebClient('xoxb-test', slackClientOptions(apiUrl)));
    await expect(json('garbled')).rejects.toMatchObject({ code: ErrorCode.RequestError });
    const nowhere = new WebClient('xoxb-test', slackClientOptions('http://127.0.0.1:1/api/'));
    await expect(openView(nowhere, 'any', view)).rejects.toMatchObject({ code: ErrorCode.RequestError });
    await expect(nowhere.views.open({ trigger_id: 'any', view })).rejects.toMatchObject({ code: ErrorCode.RequestError });
  });
});
