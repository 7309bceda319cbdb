import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { flagEvents, flagStates, outbox } from '../src/db/schema.ts';
import { sendInteraction, sendSlashCommand, viewSubmission } from '../src/sandbox/deliver.ts';
import { onCleanup } from './cleanup.ts';
import { percentile } from './load.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf, withCpu } from './report.ts';
import { startShortlist, type Target } from './targets.ts';

const RATE = 500;
const SECONDS = 10;
/** A second at the same rate first, as the other measures warm up (the pool's connections open, code gets compiled): stored and checked, not timed. */
const WARM_UP_SECONDS = 1;
const FLAGS = 100;
/** Flags 0 … STORY_FLAGS − 1 belong to a story each: their events queue a thread line and a redraw. */
const STORY_FLAGS = 20;
const WORKSPACE = 'T_BENCH_FLAGS';
const ADMIN = 'U_BENCH_FLAG_ADMIN';
const P99_BUDGET_MS = 50;

/** The webhook URL and secret, as an admin gets them from `/backlog flags setup`. */
async function connect(ctx: BenchContext, target: Target): Promise<{ url: string; secret: string }> {
  ctx.emulator.users.set(ADMIN, { is_admin: true, name: 'bench admin' });
  const triggerId = `bench-flags-${target.kind}-${Date.now()}`;
  const responseUrl = ctx.emulator.responseUrl(`bench-flags-${target.kind}`);
  await sendSlashCommand(target.url, { teamId: WORKSPACE, userId: ADMIN, command: '/backlog', text: 'flags setup', channelId: 'C_BENCH', triggerId, responseUrl });
  const opened = await ctx.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
  const view = { ...opened.params.view, id: `VBENCHFLAG${target.kind.toUpperCase()}` };
  await sendInteraction(target.url, viewSubmission(view, { flag_provider_block: 'generic', flag_environment_block: 'production', flag_signing_block: 'signed' }, { teamId: WORKSPACE, userId: ADMIN }));
  const answer = await ctx.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl));
  const text = JSON.stringify(answer.params.blocks);
  const url = /`(http[^`]+)`/.exec(text)?.[1];
  const secret = /`(whsec_[^`]+)`/.exec(text)?.[1];
  if (!url || !secret) throw new Error(`${target.kind}: flag setup did not answer with a URL and secret`);
  return { url: url.replace('localhost', '127.0.0.1'), secret };
}

/** Stories carrying flags 0 … STORY_FLAGS − 1, written through /story and its modal. */
async function writeStories(ctx: BenchContext, target: Target): Promise<void> {
  for (let i = 0; i < STORY_FLAGS; i += 1) {
    const triggerId = `bench-story-${target.kind}-${i}-${Date.now()}`;
    await sendSlashCommand(target.url, { teamId: WORKSPACE, userId: ADMIN, command: '/story', text: '', channelId: 'C_BENCH', triggerId, responseUrl: ctx.emulator.responseUrl('bench') });
    const opened = await ctx.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
    const values = { title_block: `Flagged work ${i}`, persona_block: 'shopper', want_block: 'pay faster', benefit_block: 'I finish sooner', criteria_block: 'It is faster', flag_key_block: `bench_flag_${i}` };
    const response = await sendInteraction(target.url, viewSubmission({ ...opened.params.view, id: `VBENCHSTORY${target.kind.toUpperCase()}${i}` }, values, { teamId: WORKSPACE, userId: ADMIN }));
    if (response.status !== 200) throw new Error(`${target.kind}: story ${i} answered ${response.status}`);
  }
}

interface FlagRun {
  latencies: number[];
  /** The slowest answer of each measured second, by when it was sent. */
  slowestPerSecond: number[];
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  /** Events the app answered as applied, on a story's flag (each queues a line and a redraw). */
  appliedOnStories: number;
  applied: number;
  stale: number;
  seconds: number;
}

/** Open-loop, Poisson arrivals at RATE for SECONDS: each a generic event, signed, for one of FLAGS flags, later than the last for it. */
async function sendEvents(url: string, secret: string): Promise<FlagRun> {
  const webhook = new Webhook(secret);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  const run: FlagRun = { latencies: [], slowestPerSecond: [], sent: 0, ok: 0, statuses: {}, appliedOnStories: 0, applied: 0, stale: 0, seconds: 0 };
  const warmUp = RATE * WARM_UP_SECONDS;
  const total = warmUp + RATE * SECONDS;
  let measuredFrom = Number.POSITIVE_INFINITY;
  const base = Date.parse('2026-12-03T09:00:00Z');
  let seed = 20261203;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const one = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const flag = i % FLAGS;
      const body = JSON.stringify({ flag: `bench_flag_${flag}`, environment: 'production', enabled: true, rollout: (Math.floor(i / FLAGS) % 99) + 1, at: new Date(base + i * 10).toISOString() });
      const id = `msg_${randomUUID()}`;
      const now = new Date();
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': webhook.sign(id, now, body) };
      const sentAt = performance.now();
      const req = request(target, { method: 'POST', agent, timeout: 10_000, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          run.statuses[status] = (run.statuses[status] ?? 0) + 1;
          if (status === 200) {
            run.ok += 1;
            if (i >= warmUp) {
              const latency = performance.now() - sentAt;
              run.latencies.push(latency);
              const second = Math.floor((sentAt - measuredFrom) / 1000);
              run.slowestPerSecond[second] = Math.max(run.slowestPerSecond[second] ?? 0, latency);
            }
            const answer = JSON.parse(text) as { applied: number; stale: number };
            run.applied += answer.applied;
            run.stale += answer.stale;
            if (flag < STORY_FLAGS) run.appliedOnStories += answer.applied;
          }
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        run.statuses.error = (run.statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  let due = started;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    if (i > 0) due += (-Math.log(1 - next()) * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (i === warmUp) measuredFrom = performance.now();
    inFlight.push(one(i));
    run.sent += 1;
  }
  await Promise.all(inFlight);
  run.seconds = (performance.now() - measuredFrom) / 1000;
  agent.destroy();
  run.latencies.sort((a, b) => a - b);
  return run;
}

interface Counted {
  flagEvents: number;
  flagStates: number;
  lines: number;
}

export const flagEventLoad: Measure = {
  name: 'flags: 500 webhook events/s',
  async run(ctx) {
    const results: Partial<Record<'pglite' | 'postgres', { run: FlagRun; counted: Counted; cpu: number }>> = {};
    for (const kind of ctx.shortlistKinds) {
      const target = await startShortlist(kind, ctx.emulator, ctx.pg);
      const forget = onCleanup(`flags ${kind} target`, () => target.stop().then(() => undefined));
      const { url, secret } = await connect(ctx, target);
      await writeStories(ctx, target);
      const { result: run, cpuPercent } = await withCpu(target.cpuSeconds, () => sendEvents(url, secret));
      // What the outbox still holds is sent later; what is counted is what was stored and queued.
      await sleep(1000);
      let counted: Counted = { flagEvents: 0, flagStates: 0, lines: 0 };
      await target.stop(async (database) => {
        const [events] = await database.db.select({ n: count() }).from(flagEvents);
        const [states] = await database.db.select({ n: count() }).from(flagStates);
        const [lines] = await database.db.select({ n: count() }).from(outbox).where(eq(sql`${outbox.payload}->'change'->>'action'`, 'flag_changed'));
        counted = { flagEvents: Number(events!.n), flagStates: Number(states!.n), lines: Number(lines!.n) };
      });
      forget();
      results[kind] = { run, counted, cpu: cpuPercent };
      const p99 = percentile(run.latencies, 0.99);
      ctx.log(`   ${kind}: ${run.ok}/${run.sent} answered 200 (the first ${RATE * WARM_UP_SECONDS} a warm-up, not timed), measured ${run.latencies.length} in ${run.seconds.toFixed(1)} s, p50 ${ms(percentile(run.latencies, 0.5))}, p99 ${ms(p99)}, max ${ms(run.latencies.at(-1) ?? Number.NaN)}; statuses ${JSON.stringify(run.statuses)}; CPU ${cpuPercent.toFixed(0)} %; slowest per second ${run.slowestPerSecond.map((l) => l.toFixed(0)).join(' ')} ms`);
      ctx.check(`flags on ${kind}: ${run.sent} events sent, ${run.ok} answered 200; flag_events rows ${counted.flagEvents} (one per event: none lost or stored twice); applied ${run.applied}, stale ${run.stale} (older than the last applied for its flag, arriving later: changes nothing); thread lines queued ${counted.lines} = applied events on story flags ${run.appliedOnStories} (each applied once); flag_states rows ${counted.flagStates} of ${FLAGS} flags`);
    }
    const exact = (kind: 'pglite' | 'postgres') => {
      const r = results[kind];
      return r !== undefined && r.run.ok === r.run.sent && r.counted.flagEvents === r.run.sent && r.counted.lines === r.run.appliedOnStories && r.run.applied + r.run.stale === r.run.sent;
    };
    const pg = results.postgres;
    const verdict = pg ? verdictOf([percentile(pg.run.latencies, 0.99) < P99_BUDGET_MS, exact('postgres')]) : 'n/a';
    return [
      {
        measure: `flag webhook answer p99, ${RATE} events/s for ${SECONDS} s (Poisson, after ${WARM_UP_SECONDS} s of warm-up)`,
        budget: `< ${P99_BUDGET_MS} ms on PostgreSQL, none lost or applied twice`,
        values: { ...cells(ctx, results, (r) => `p50 ${ms(percentile(r.run.latencies, 0.5))} · p99 ${ms(percentile(r.run.latencies, 0.99))} · ${r.run.ok}/${r.run.sent} ok · rows exact: ${exact(r === results.postgres ? 'postgres' : 'pglite') ? 'yes' : 'no'} · CPU ${r.cpu.toFixed(0)} %`), baseline: 'n/a' },
        verdict,
        ...(pg ? {} : { verdictNote: 'no PostgreSQL server' }),
      },
    ];
  },
};
