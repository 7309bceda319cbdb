import autocannon from 'autocannon';
import { SIGNING_SECRET, signature } from '../src/sandbox/deliver.ts';

export interface LoadOptions {
  /** Base URL of the target; requests go to `${url}/slack/events`. */
  url: string;
  connections: number;
  /** Run for this long, as fast as the target answers. */
  durationSeconds: number;
  /** A fresh form-encoded body for every request; it is signed with a fresh timestamp. */
  body: () => string;
}

export interface LoadResult {
  /** Latencies of 2xx responses in ms, sorted ascending (measured by autocannon per request, sub-ms precision). */
  latencies: number[];
  p50: number;
  p99: number;
  max: number;
  /** Requests written (counted here: one body is built right before each request goes out). */
  sent: number;
  ok: number;
  /** 2xx answers with a body (for a view submission: `response_action: errors`, i.e. not saved). */
  okWithBody: number;
  bodySamples: string[];
  /** How often each distinct answer body (first 300 characters) came back with a 2xx; at most 20 kinds. */
  bodyCounts: Record<string, number>;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /** 2xx responses per second over the run. */
  rps: number;
  /** Paced runs: requests sent again because a kept-alive socket was closed under them before they reached the app. */
  resent?: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Drives signed Slack requests at the target with autocannon and collects exact per-request latencies. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const bodySamples: string[] = [];
  const bodyCounts: Record<string, number> = {};
  let okWithBody = 0;
  // autocannon's own `requests.sent` is off under a fixed rate; a body is built right before each request is written.
  let sent = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}/slack/events`,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const body = options.body();
              sent += 1;
              const timestamp = Math.floor(Date.now() / 1000);
              return {
                ...request,
                body,
                headers: {
                  ...request.headers,
                  'content-type': 'application/x-www-form-urlencoded',
                  'x-slack-request-timestamp': String(timestamp),
                  'x-slack-signature': signature(SIGNING_SECRET, timestamp, body),
                },
              };
            },
            onResponse: (status, body) => {
              if (status >= 200 && status < 300 && body !== '') {
                okWithBody += 1;
                const key = body.slice(0, 300);
                if (bodySamples.length < 3) bodySamples.push(key);
                if (key in bodyCounts || Object.keys(bodyCounts).length < 20) bodyCounts[key] = (bodyCounts[key] ?? 0) + 1;
              }
            },
          },
        ],
      },
      (error: unknown, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        latencies.sort((a, b) => a - b);
        const ok = result['2xx'];
        resolve({
          latencies,
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? Number.NaN,
          sent,
          ok,
          okWithBody,
          bodySamples,
          bodyCounts,
          non2xx: result.non2xx,
          statusCodes,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSeconds: result.duration,
          rps: ok / result.duration,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** Throws when a load run shows that the benchmark (not the app's speed) broke. */
export function assertClean(label: string, result: LoadResult, { allowBodies = false } = {}): void {
  const problems: string[] = [];
  if (result.ok === 0) problems.push('no successful responses');
  if (result.non2xx > 0) problems.push(`${result.non2xx} non-2xx responses (${JSON.stringify(result.statusCodes)})`);
  if (result.errors > 0) problems.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (!allowBodies && result.okWithBody > 0) problems.push(`${result.okWithBody} answers with a body, e.g. ${result.bodySamples[0]}`);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
}
