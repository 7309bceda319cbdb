import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIGNING_SECRET, signature } from '../src/sandbox/deliver.ts';
import { type LoadResult, percentile } from './load.ts';

/** A small seeded PRNG (mulberry32), so every run sees the same arrival pattern. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An open-loop driver: sends each request at its arrival time whether or not earlier ones were answered.
 * Arrivals are Poisson (independent people: exponential gaps averaging 1 / rate, from a fixed seed);
 * autocannon's `overallRate`, by contrast, releases each second's quota at once. Latency is from the
 * moment a request is written to its complete answer.
 */
export async function runPaced(options: { url: string; rate: number; count: number; body: () => string; contentType?: string; seed?: number }): Promise<LoadResult> {
  const next = random(options.seed ?? 20261127);
  const gapMs = () => (-Math.log(1 - next()) * 1000) / options.rate;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(`${options.url}/slack/events`);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const bodyCounts: Record<string, number> = {};
  const bodySamples: string[] = [];
  let ok = 0;
  let okWithBody = 0;
  let errors = 0;
  let timeouts = 0;
  const started = performance.now();

  let resent = 0;
  // `retry`: the same body again, when the first try met a kept-alive socket the server had just closed.
  const one = (retry?: { body: string; sentAt: number }): Promise<void> =>
    new Promise((resolve) => {
      const body = retry?.body ?? options.body();
      const timestamp = Math.floor(Date.now() / 1000);
      const sentAt = retry?.sentAt ?? performance.now();
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signature(SIGNING_SECRET, timestamp, body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              ok += 1;
              latencies.push(performance.now() - sentAt);
              if (text !== '') {
                okWithBody += 1;
                const key = text.slice(0, 300);
                if (bodySamples.length < 3) bodySamples.push(key);
                if (key in bodyCounts || Object.keys(bodyCounts).length < 20) bodyCounts[key] = (bodyCounts[key] ?? 0) + 1;
              }
            }
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Node's documented race: the server closed an idle kept-alive socket as this request was written on
        // it, so the request never reached it. Sent again once, on a new socket; its latency counts from the first try.
        if (!retry && req.reusedSocket && error.code === 'ECONNRESET') {
          resent += 1;
          void one({ body, sentAt }).then(resolve);
          return;
        }
        errors += 1;
        resolve();
      });
      req.end(body);
    });

  const inFlight: Promise<void>[] = [];
  let due = started;
  for (let i = 0; i < options.count; i += 1) {
    if (i > 0) due += gapMs();
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(one());
  }
  await Promise.all(inFlight); // each request is bounded by its 10 s timeout
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    sent: options.count,
    ok,
    okWithBody,
    bodySamples,
    bodyCounts,
    non2xx: options.count - ok - errors,
    statusCodes,
    errors,
    timeouts,
    durationSeconds: seconds,
    rps: ok / seconds,
    resent,
  };
}
