import http from 'node:http';
import https from 'node:https';
import type { FetchFunction } from '@slack/web-api';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type FetchHeaders = FetchResponse['headers'];

/** Idle sockets are closed before a server's usual 5 s keep-alive would close them under a request. */
const IDLE_MS = 4000;
const agents = { 'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }), 'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }) };

function headersOf(raw: http.IncomingHttpHeaders): FetchHeaders {
  const entries = Object.entries(raw).flatMap(([name, value]): [string, string][] => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]));
  const byName = new Map(entries);
  return { get: (name: string) => byName.get(name.toLowerCase()) ?? null, entries: () => byName.entries() };
}

function responseOf(res: http.IncomingMessage, body: Buffer, url: string): FetchResponse {
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers: headersOf(res.headers),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(body.toString('utf8')),
    text: async () => body.toString('utf8'),
  };
}

/**
 * The Web API client's transport (WebClientOptions.fetch): one node:http request on a kept-alive socket.
 * The client's default, the global fetch (undici), cost about half of each call's CPU here (a Request, a
 * Response, streams, an AbortSignal's transfer; bench/RESULTS.md), paid by every outbox message and every
 * modal a person waits for. The client still builds the body and headers, sets the timeout signal and reads
 * 429s, HTTP errors and `ok: false` itself. A form-data body (file uploads through the API, which this
 * app does not use) goes to the global fetch.
 */
export const leanFetch: FetchFunction = (input, init = {}) => {
  const url = typeof input === 'string' ? input : input.href;
  const { body, signal, method = 'GET', headers = {}, redirect } = init;
  if (body !== undefined && typeof body !== 'string') return globalThis.fetch(input, init as RequestInit) as Promise<FetchResponse>;
  const target = new URL(url);
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<FetchResponse>((resolve, reject) => {
    const request = transport.request(target, { method, agent, signal, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const status = res.statusCode ?? 0;
      if (redirect === 'error' && status >= 300 && status < 400) {
        res.resume();
        reject(new TypeError(`redirect refused: ${status} from ${url}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(responseOf(res, Buffer.concat(chunks), url)));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
};
