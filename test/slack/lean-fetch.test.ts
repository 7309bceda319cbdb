import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, type FetchFunction, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanFetch } from '../../src/slack/lean-fetch.ts';
import { slackClientOptions } from '../../src/slack/client-options.ts';

type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A Web API stand-in whose answer each test chooses, so the client is seen facing each kind of answer. */
let server: Server;
let apiUrl: string;
const routes = new Map<string, Route>();
const seen: { method: string; authorization?: string; contentType?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const method = (req.url ?? '').replace('/api/', '');
      seen.push({ method, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      const route = routes.get(method);
      if (route) return route(req, body, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, echoed: Object.fromEntries(new URLSearchParams(body)) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  routes.set('rate.limited', (_req, _body, res) => {
    res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
    res.end('{"ok":false,"error":"ratelimited"}');
  });
  routes.set('server.error', (_req, _body, res) => {
    res.writeHead(500, { 'content-type': 'text/plain', 'x-trace': 'abc' });
    res.end('upstream broke');
  });
  routes.set('platform.error', (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":false,"error":"channel_not_found"}');
  });
  routes.set('moved.away', (_req, _body, res) => {
    res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
    res.end();
  });
  routes.set('never.answers', () => undefined);
  routes.set('dropped.before', (req) => req.socket.destroy());
  routes.set('dropped.midway', (req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"ok":tr');
    setTimeout(() => req.socket.destroy(), 20);
  });
  routes.set('stalls.midway', (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"ok":tr');
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** How a call ended, as the outbox and the listeners read it (slack-errors.ts). */
async function outcome(client: WebClient, method: string, params: Record<string, unknown> = {}) {
  try {
    return { result: await client.apiCall(method, params) };
  } catch (error) {
    const e = error as { code?: string; retryAfter?: number; statusCode?: number; body?: unknown; headers?: Record<string, string>; data?: { error?: string } };
    return { code: e.code, retryAfter: e.retryAfter, statusCode: e.statusCode, body: e.body, trace: e.headers?.['x-trace'], error: e.data?.error };
  }
}

// The same assertions for the client's default transport and for ours: the swap changes nothing the app can see.
describe.each([
  ['the global fetch', undefined],
  ['leanFetch', leanFetch],
] as [string, FetchFunction | undefined][])('the Web API client over %s', (_name, fetch) => {
  const client = (timeout = 5000) => new WebClient('xoxb-transport', { ...slackClientOptions(apiUrl), timeout, fetch });

  it('when a call succeeds, then the token goes as a bearer header, the arguments form-encoded (objects as JSON), and the result comes back', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'héllo & <b>' } }];
    const { result } = await outcome(client(), 'chat.postMessage', { channel: 'C1', text: 'héllo', blocks, unfurl_links: false });
    expect(result).toMatchObject({ ok: true, echoed: { channel: 'C1', text: 'héllo', blocks: JSON.stringify(blocks), unfurl_links: 'false' } });
    expect(seen.at(-1)).toMatchObject({ method: 'chat.postMessage', authorization: 'Bearer xoxb-transport', contentType: 'application/x-www-form-urlencoded' });
  });

  it('when Slack answers 429, then the call fails as rate limited with its Retry-After, at once', async () => {
    expect(await outcome(client(), 'rate.limited')).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 3 });
  });

  it('when Slack answers 500, then the call fails as an HTTP error with the status, the headers and the body', async () => {
    expect(await outcome(client(), 'server.error')).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500, body: 'upstream broke', trace: 'abc' });
  });

  it('when Slack answers ok: false, then the call fails as a platform error with its code', async () => {
    expect(await outcome(client(), 'platform.error')).toMatchObject({ code: ErrorCode.PlatformError, error: 'channel_not_found' });
  });

  it('when Slack answers with a redirect, then it is not followed and the call fails as a request error', async () => {
    const before = seen.length;
    expect(await outcome(client(), 'moved.away')).toMatchObject({ code: ErrorCode.RequestError });
    expect(seen.slice(before).map((s) => s.method)).toEqual(['moved.away']);
  });

  it('when Slack does not answer within the timeout, or cannot be reached, then the call fails as a request error', async () => {
    const started = performance.now();
    expect(await outcome(client(200), 'never.answers')).toMatchObject({ code: ErrorCode.RequestError });
    expect(performance.now() - started).toBeLessThan(3000);
    const nowhere = new WebClient('xoxb-transport', { ...slackClientOptions('http://127.0.0.1:1/api/'), fetch });
    expect(await outcome(nowhere, 'chat.postMessage', { channel: 'C1', text: 'x' })).toMatchObject({ code: ErrorCode.RequestError });
  });

  it('when the connection drops before the answer, or in the middle of it, or the answer stalls, then the call fails as a request error (it never hangs)', async () => {
    const started = performance.now();
    expect(await outcome(client(), 'dropped.before')).toMatchObject({ code: ErrorCode.RequestError });
    // The global fetch reads the body after the client's error handling, so its failure comes uncoded (the
    // outbox retries it all the same); lean-fetch reads the body whole first, so it is a request error.
    for (const failed of [await outcome(client(), 'dropped.midway'), await outcome(client(300), 'stalls.midway')]) {
      expect(failed.result).toBeUndefined();
      if (fetch) expect(failed.code).toBe(ErrorCode.RequestError);
    }
    expect(performance.now() - started).toBeLessThan(3000);
    // The client works on after each.
    expect((await outcome(client(), 'chat.postMessage', { channel: 'C9', text: 'after' })).result).toMatchObject({ ok: true });
  });

  it('when calls overlap, then each gets its own answer', async () => {
    const c = client();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.apiCall('chat.postMessage', { channel: `C${i}`, text: `n${i}` })));
    expect(results.map((r) => (r as unknown as { echoed: { channel: string } }).echoed.channel)).toEqual(Array.from({ length: 20 }, (_, i) => `C${i}`));
  });
});

describe('the Web API client, patched (patches/@slack+web-api+8.2.0.patch)', () => {
  /** A logger at `level` that keeps its debug lines. */
  function loggerAt(level: LogLevel) {
    const debug: string[] = [];
    const logger = { debug: (...m: unknown[]) => debug.push(m.join(' ')), info: () => {}, warn: () => {}, error: () => {}, setLevel: () => {}, getLevel: () => level, setName: () => {} };
    return { logger, debug };
  }
  const args = () => ({ channel: 'C1', token: 'xoxb-secret-in-args', blocks: [{ type: 'divider' }] });

  it('when the logger is not at debug level, then the request and the result are not serialized into debug lines', async () => {
    const { logger, debug } = loggerAt(LogLevel.INFO);
    await new WebClient('xoxb-transport', { ...slackClientOptions(apiUrl), logger }).apiCall('chat.postMessage', args());
    // The unpatched client built these lines (and handed them to the logger, to be dropped) at every level.
    expect(debug.filter((line) => /^http request (body|headers|result)/.test(line))).toEqual([]);
    expect(debug.length).toBeGreaterThan(0);
  });

  it('when the logger is at debug level, then the debug lines are there, tokens redacted', async () => {
    const { logger, debug } = loggerAt(LogLevel.DEBUG);
    await new WebClient('xoxb-transport', { ...slackClientOptions(apiUrl), logger }).apiCall('chat.postMessage', args());
    const body = debug.find((line) => line.startsWith('http request body'));
    expect(body).toContain('{"type":"divider"}');
    expect(body).toContain('[[REDACTED]]');
    expect(debug.join('\n')).not.toContain('xoxb-secret-in-args');
    expect(debug.some((line) => line.startsWith('http request result'))).toBe(true);
  });
});
