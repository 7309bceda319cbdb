// Delivery at Slack's speed (`BENCH_ONLY=delivery npm run bench` runs it alone): 1,000 bugs filed across 100
// channels in 10 workspaces while the stand-in answers every call after 150 ms and enforces Slack's
// per-channel limit (a bucket of 3, refilled 1/s) with 429 + Retry-After. One bot, then two on one
// PostgreSQL database, then one while 20 % of calls fail.
import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordedCall, randomFaultKinds } from '../src/sandbox/slack-standin.ts';
import { sendInteraction, sendSlashCommand, viewSubmission } from '../src/sandbox/deliver.ts';
import { SIGNING_SECRET } from '../src/sandbox/deliver.ts';
import { validBug } from '../test/support/bug-flow.ts';
import { type ServerProcess, spawnServer, startCommand } from './bot-process.ts';
import { onCleanup } from './cleanup.ts';
import { shortlistNodeFlags } from './targets.ts';
import { assertClean, type LoadResult, percentile } from './load.ts';
import { runPaced } from './paced.ts';
import type { BenchContext, Measure, Row } from './report.ts';

const LATENCY_MS = Number(process.env.BENCH_SLACK_LATENCY_MS ?? 150);
/** The bots' OUTBOX_CONCURRENCY; unset, their default. */
const CONCURRENCY = process.env.BENCH_OUTBOX_CONCURRENCY;
const FILINGS = 1000;
const WORKSPACES = 10;
const CHANNELS = 100;
/** Filings arrive at random (Poisson) at this rate: 1,000 in about 5 s. */
const RATE = 200;
const channelOf = (i: number) => `C_DELIVERY_${i % CHANNELS}`;
const teamOf = (i: number) => `T_DELIVERY_${i % CHANNELS % WORKSPACES}`;

interface Run {
  label: string;
  /** Submissions sent at 100/s while the delivery drained (the runs that measure them). */
  alongside?: LoadResult;
  lastOutAfterLastAckMs: number;
  p50: number;
  p99: number;
  lost: number;
  twice: number;
  rateLimited: number;
  /** The most posts Slack accepted in one channel within any one second. */
  maxPerChannelSecond: number;
  failedCalls: number;
}

export async function startBots(ctx: BenchContext, instances: number, databaseUrl: string): Promise<ServerProcess[]> {
  const command = startCommand();
  const bots: ServerProcess[] = [];
  for (let n = 0; n < instances; n += 1) {
    bots.push(
      await spawnServer(`Shortlist ${n + 1} of ${instances} (delivery)`, command.file, [...shortlistNodeFlags(), ...command.args], {
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: ctx.emulator.url,
        LOG_LEVEL: 'error',
        DATABASE_URL: databaseUrl,
        OUTBOX_PACING: 'always',
        ...(CONCURRENCY ? { OUTBOX_CONCURRENCY: CONCURRENCY } : {}),
      }),
    );
  }
  return bots;
}

/** Opens one modal per channel (as its workspace), the view each filing there submits. */
async function modals(ctx: BenchContext, url: string, channel = channelOf): Promise<Map<string, Record<string, unknown>>> {
  const views = new Map<string, Record<string, unknown>>();
  for (let c = 0; c < CHANNELS; c += 1) {
    const triggerId = `delivery-${channel(c)}-${Date.now()}`;
    const response = await sendSlashCommand(url, { teamId: teamOf(c), userId: 'U_DELIVERY', command: '/bug', text: '', channelId: channel(c), triggerId, responseUrl: ctx.emulator.responseUrl() });
    if (response.status !== 200) throw new Error(`/bug answered ${response.status}`);
    const call = await ctx.emulator.waitFor((calls) => calls.find((x) => x.method === 'views.open' && x.params.trigger_id === triggerId), 10_000);
    views.set(channel(c), call.params.view as Record<string, unknown>);
  }
  return views;
}

/** Where the submissions made while a delivery drains are filed: 100 other channels of the same workspaces. */
const submitChannelOf = (i: number) => `C_SUBMIT_${i % CHANNELS}`;
const SUBMISSIONS = 1000;
const SUBMISSION_RATE = 100;

async function deliveryRun(ctx: BenchContext, label: string, instances: number, faults: boolean, submissions?: { seed: number }): Promise<Run> {
  const { emulator } = ctx;
  emulator.reset();
  const databaseUrl = await ctx.pg!.createDatabase();
  const bots = await startBots(ctx, instances, databaseUrl);
  const forget = onCleanup(`delivery bots (${label})`, () => Promise.all(bots.map((b) => b.kill())).then(() => undefined));
  try {
    const views = await modals(ctx, bots[0]!.url);
    const submitViews = submissions ? await modals(ctx, bots[0]!.url, submitChannelOf) : undefined;
    emulator.reset();
    emulator.pace.configure({ latencyMs: LATENCY_MS, perChannel: { burst: 3, perSecond: 1 } });
    if (faults) emulator.failRandomly({ rate: 0.2, seed: 1203, kinds: randomFaultKinds, spare: ['views.open', 'auth.test'] });
    const ackAt = new Map<string, number>();
    let seed = 16;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const filings: Promise<void>[] = [];
    for (let i = 0; i < FILINGS; i += 1) {
      const summary = `delivery ${i}`;
      const view = { ...views.get(channelOf(i))!, id: `VDELIVERY${i}` };
      const payload = viewSubmission(view as never, { ...validBug, summary_block: summary }, { teamId: teamOf(i), userId: `U_DELIVERY${i % 40}` });
      const bot = bots[i % bots.length]!;
      filings.push(
        (async () => {
          let text = '';
          for (let attempt = 0; attempt < 20; attempt += 1) {
            const response = await sendInteraction(bot.url, payload).catch(() => undefined);
            text = response ? `${response.status} ${await response.text()}` : 'no answer';
            if (response?.status === 200 && text === '200 ') {
              ackAt.set(summary, Date.now());
              return;
            }
            await sleep(200);
          }
          throw new Error(`${label}: ${summary} was never acknowledged (the last answer: ${text.slice(0, 160)})`);
        })(),
      );
      await sleep((-Math.log(1 - next()) * 1000) / RATE);
    }
    await Promise.all(filings);
    const lastAck = Math.max(...ackAt.values());
    // Modal submissions at 100/s (Poisson, open loop) while what the filings queued drains: the save on the
    // path of every submission, measured against an outbox flat out at Slack's pace.
    let alongside: LoadResult | undefined;
    let submittedUntil = 0;
    if (submitViews && submissions) {
      let n = 0;
      const body = () => {
        n += 1;
        const view = { ...submitViews.get(submitChannelOf(n))!, id: `VSUBMIT${submissions.seed}_${n}` };
        return new URLSearchParams({ payload: JSON.stringify(viewSubmission(view as never, { ...validBug, summary_block: `submitted ${n}` }, { teamId: teamOf(n), userId: `U_SUBMIT${n % 50}` })) }).toString();
      };
      alongside = await runPaced({ url: bots[0]!.url, rate: SUBMISSION_RATE, count: SUBMISSIONS, body, seed: submissions.seed });
      submittedUntil = Date.now();
      assertClean(`${label}: submissions`, alongside, { allowBodies: true });
    }
    // Done once every bug has its confirmation and its triage message accepted (or the wait runs out).
    const accepted = () => emulator.callsTo('chat.postMessage').filter((c) => !c.failed && String(c.params.channel).startsWith('C_DELIVERY_'));
    const deadline = Date.now() + (faults ? 120_000 : 60_000);
    while (accepted().length < 2 * FILINGS && Date.now() < deadline) await sleep(100);
    await sleep(1500);
    const posts = accepted();
    const bySummary = new Map<string, RecordedCall[]>();
    for (const post of posts) {
      const match = /(delivery \d+)(?: —|$)/.exec(String(post.params.text));
      if (!match) continue;
      const key = `${match[1]}|${String(post.params.text).includes(' filed: ') ? 'confirmation' : 'triage'}`;
      bySummary.set(key, [...(bySummary.get(key) ?? []), post]);
    }
    let lost = 0;
    let twice = 0;
    const delays: number[] = [];
    let lastOut = 0;
    for (const [summary, at] of ackAt) {
      for (const kind of ['confirmation', 'triage']) {
        const got = bySummary.get(`${summary}|${kind}`) ?? [];
        if (got.length === 0) lost += 1;
        if (got.length > 1) twice += 1;
        if (got[0]) {
          delays.push(got[0].at - at);
          lastOut = Math.max(lastOut, got[0].at);
        }
      }
    }
    const perChannel = new Map<string, number[]>();
    for (const post of posts) perChannel.set(String(post.params.channel), [...(perChannel.get(String(post.params.channel)) ?? []), post.at]);
    let maxPerChannelSecond = 0;
    for (const times of perChannel.values()) {
      times.sort((a, b) => a - b);
      for (let i = 0, j = 0; j < times.length; j += 1) {
        while (times[j]! - times[i]! >= 1000) i += 1;
        maxPerChannelSecond = Math.max(maxPerChannelSecond, j - i + 1);
      }
    }
    delays.sort((a, b) => a - b);
    const run: Run = {
      label,
      ...(alongside ? { alongside } : {}),
      lastOutAfterLastAckMs: lastOut - lastAck,
      p50: percentile(delays, 0.5),
      p99: percentile(delays, 0.99),
      lost,
      twice,
      rateLimited: emulator.calls.filter((c) => c.rateLimited).length,
      maxPerChannelSecond,
      failedCalls: emulator.calls.filter((c) => c.failed && !c.rateLimited).length,
    };
    if (alongside) {
      const line = `submissions p50 ${alongside.p50.toFixed(1)} ms, p99 ${alongside.p99.toFixed(1)} ms, max ${alongside.max.toFixed(1)} ms (${alongside.ok} of ${alongside.sent} answered, ${alongside.okWithBody} "could not save"); they ran from the last filing's ack until ${((submittedUntil - lastAck) / 1000).toFixed(1)} s after it, and the delivery's last post went out ${((lastOut - lastAck) / 1000).toFixed(1)} s after it`;
      ctx.log(`  ${label}: ${line}`);
      ctx.check(`delivery, ${label}: ${line}`);
    }
    ctx.log(`  ${label}: last out ${(run.lastOutAfterLastAckMs / 1000).toFixed(1)} s after the last ack; ack→delivered p50 ${(run.p50 / 1000).toFixed(2)} s, p99 ${(run.p99 / 1000).toFixed(2)} s; lost ${lost}, twice ${twice}, 429s from the limit ${run.rateLimited}, max ${maxPerChannelSecond} accepted per channel in a second, ${run.failedCalls} injected failures`);
    ctx.check(
      `delivery, ${label}: ${ackAt.size} of ${FILINGS} filings acknowledged (the last ${((lastAck - Math.min(...ackAt.values())) / 1000).toFixed(1)} s after the first); ${posts.length} posts accepted in their channels (expected ${2 * FILINGS}); ` +
        `${lost} confirmation or triage messages never delivered, ${twice} delivered more than once; the stand-in answered ${run.rateLimited} calls 429 for breaking the per-channel limit; ` +
        `at most ${maxPerChannelSecond} posts accepted in one channel within one second (the limit lets 3 through at once, then 1 a second)${faults ? `; ${run.failedCalls} calls failed on purpose` : ''}`,
    );
    return run;
  } finally {
    emulator.failRandomly(undefined);
    emulator.pace.configure({});
    await Promise.all(bots.map((b) => b.stop().catch(() => b.kill())));
    forget();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const SUBMISSION_RUNS = Number(process.env.BENCH_SUBMISSION_RUNS ?? 5);

/** Issue 16: modal submissions at 100/s on PostgreSQL while the delivery above drains, p99 < 50 ms in every run. */
export const submissionsWhileDelivering: Measure = {
  name: 'submissions while a delivery drains: 1,000 at 100/s (Poisson) on PostgreSQL, after 1,000 filings across 100 channels, Slack at 150 ms',
  async run(ctx) {
    const label = `${SUBMISSIONS} modal submissions at ${SUBMISSION_RATE}/s (Poisson) while a delivery of ${FILINGS} filings drains (one instance, Slack at ${LATENCY_MS} ms): p99 of each of ${SUBMISSION_RUNS} runs`;
    if (!ctx.pg) return [{ measure: label, budget: '< 50 ms in every run', values: {}, verdict: 'n/a', verdictNote: 'no PostgreSQL server' }];
    const runs: Run[] = [];
    for (let k = 1; k <= SUBMISSION_RUNS; k += 1) runs.push(await deliveryRun(ctx, `one instance, submissions alongside (run ${k} of ${SUBMISSION_RUNS})`, 1, false, { seed: 1600 + k }));
    const results = runs.map((run) => run.alongside!);
    const refused = results.reduce((sum, r) => sum + r.okWithBody, 0);
    const over = results.filter((r) => r.p99 >= 50).length;
    const p50s = results.map((r) => r.p50.toFixed(1)).join(', ');
    return [
      {
        measure: label,
        budget: '< 50 ms in every run, every submission saved',
        values: {
          baseline: 'n/a',
          pglite: 'not run (PostgreSQL only)',
          postgres: `${results.map((r) => `${r.p99.toFixed(1)} ms`).join(', ')} (p50 ${p50s} ms; ${refused} "could not save"; deliveries: ${runs.map((run) => `${run.lost} lost, ${run.twice} twice`).join('; ')})`,
        },
        verdict: over === 0 && refused === 0 && runs.every((run) => run.lost === 0 && run.twice === 0) ? 'meets' : 'misses',
        ...(over > 0 ? { verdictNote: `p99 at or over 50 ms in ${over} of ${SUBMISSION_RUNS} runs` } : refused > 0 ? { verdictNote: `${refused} saves failed` } : {}),
      },
    ];
  },
};

export const delivery: Measure = {
  name: 'delivery: 1,000 filings, 100 channels, 10 workspaces, Slack at 150 ms with its per-channel limit',
  async run(ctx) {
    if (!ctx.pg) return [{ measure: 'delivery at Slack latency', budget: '–', values: {}, verdict: 'n/a', verdictNote: 'no PostgreSQL server' }];
    const rows: Row[] = [];
    const row = (run: Run, budgetMs: number, budget: string) => {
      const ok = run.lost === 0 && run.twice === 0 && run.lastOutAfterLastAckMs <= budgetMs;
      const why = [run.lost > 0 ? `${run.lost} lost` : '', run.twice > 0 ? `${run.twice} sent twice` : '', run.lastOutAfterLastAckMs > budgetMs ? `last out after ${seconds(run.lastOutAfterLastAckMs)}` : ''].filter(Boolean).join(', ');
      rows.push({
        measure: `delivery, ${run.label}: last message out after the last ack; ack → delivered p50 / p99`,
        budget,
        values: { baseline: 'n/a', pglite: 'not run (two instances need PostgreSQL; one PGlite instance not measured)', postgres: `${seconds(run.lastOutAfterLastAckMs)}; p50 ${seconds(run.p50)} / p99 ${seconds(run.p99)}; ${run.lost} lost, ${run.twice} twice, ${run.rateLimited} 429s` },
        verdict: ok ? 'meets' : 'misses',
        ...(why ? { verdictNote: why } : {}),
      });
    };
    const slots = CONCURRENCY ? `, OUTBOX_CONCURRENCY=${CONCURRENCY}` : '';
    row(await deliveryRun(ctx, `one instance${slots}`, 1, false), 20_000, 'all delivered once, last ≤ 20 s');
    row(await deliveryRun(ctx, `two instances on one PostgreSQL${slots}`, 2, false), 12_000, 'all delivered once, last ≤ 12 s');
    row(await deliveryRun(ctx, `one instance, 20 % of calls failing (slow 500s included)${slots}`, 1, true), 60_000, 'none lost, last ≤ 60 s');
    return rows;
  },
};
