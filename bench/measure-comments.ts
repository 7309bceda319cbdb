import { setTimeout as sleep } from 'node:timers/promises';
import { validBug } from '../test/support/bug-flow.ts';
import { sendInteraction, slashCommandBody, viewSubmission } from '../src/sandbox/deliver.ts';
import { onCleanup } from './cleanup.ts';
import { assertClean, type LoadResult, percentile } from './load.ts';
import { capturedModal } from './measure-ack.ts';
import { runPaced } from './paced.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf, waitForCalls, withCpu } from './report.ts';
import { startShortlist, type Target } from './targets.ts';

const ITEMS = 20;
const REPLY_RATE = 200;
const SECONDS = 10;
const REPLIES = REPLY_RATE * SECONDS;
/** `/bug` alongside, open loop: enough acks in 10 s for a p99 that one hiccup of a shared machine does not make (the 10th slowest of 1000). */
const BUG_RATE = 100;
const BUGS = BUG_RATE * SECONDS;
/** `/bug` before anything is measured: long enough that the "before" run does not pay for the JIT. */
const WARMUP_SECONDS = 5;
const TEAM = 'T_BENCH_COMMENTS';
const BUG_TEAMS = ['T_BENCH_A', 'T_BENCH_B', 'T_BENCH_C', 'T_BENCH_D'];

const label = `${REPLIES} thread replies at ${REPLY_RATE}/s (Poisson) across ${ITEMS} items for ${SECONDS} s`;

/** Files the tracked items through the app (the modal Shortlist opens, submitted) and returns their threads' ts. */
async function fileItems(ctx: BenchContext, target: Target, kind: string): Promise<string[]> {
  const view = (await capturedModal(ctx, target)) as unknown as Parameters<typeof viewSubmission>[0];
  for (let i = 0; i < ITEMS; i += 1) {
    const payload = viewSubmission({ ...view, id: `VCOMMENTS${kind.toUpperCase()}${i}` }, { ...validBug, summary_block: `Checkout step ${i} fails` }, { teamId: TEAM, userId: `U_BENCH_REPORTER${i}` });
    const response = await sendInteraction(target.url, payload);
    if (response.status !== 200 || (await response.text()) !== '') throw new Error(`${kind}: filing item ${i} was not acknowledged as saved`);
  }
  // Each is confirmed and gets a triage message in C_GENERAL; the confirmations are the items' threads.
  await waitForCalls(ctx.emulator, 'chat.postMessage', 2 * ITEMS);
  const threads = ctx.emulator
    .callsTo('chat.postMessage')
    .filter((call) => call.params.channel === 'C_GENERAL' && !JSON.stringify(call.params.blocks ?? []).includes('bug_ratings:'))
    .map((call) => String(call.response?.ts));
  if (threads.length !== ITEMS) throw new Error(`${kind}: ${threads.length} confirmations for ${ITEMS} items`);
  return threads;
}

/** Replies by people, as Slack sends them (message.channels), round-robin over the items' threads. */
function replyBodies(threads: string[], label: string): () => string {
  let seq = 0;
  const second = Math.floor(Date.now() / 1000);
  return () => {
    seq += 1;
    // Above the stand-in's own counter, so no reply has the ts of a message the bot posted.
    const ts = `${second}.${700_000 + seq}`;
    return JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM,
      api_app_id: 'A_SHORTLIST',
      type: 'event_callback',
      event_id: `EvBENCH${label}${seq}`,
      event_time: second,
      event: { type: 'message', channel: 'C_GENERAL', channel_type: 'channel', user: `U_BENCH_PERSON${seq % 50}`, team: TEAM, text: `Seen it too, reply ${seq}`, ts, event_ts: ts, thread_ts: threads[seq % threads.length] },
    });
  };
}

function bugBodies(emulator: BenchContext['emulator']): () => string {
  let seq = 0;
  const responseUrl = emulator.responseUrl('bench');
  return () => {
    seq += 1;
    return slashCommandBody({ teamId: BUG_TEAMS[seq % BUG_TEAMS.length]!, userId: `U_BENCH${seq % 50}`, command: '/bug', text: 'Login fails on Safari', channelId: 'C_GENERAL', responseUrl, triggerId: `bench.comments.${seq}.${Date.now()}` });
  };
}

/** Waits until the target's CPU falls idle (under 5 % of a core for a second): the replies acknowledged before they were stored are stored. */
async function settled(target: Target, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let before = target.cpuSeconds();
  while (quiet < 2 && performance.now() - started < timeoutMs) {
    await sleep(500);
    const now = target.cpuSeconds();
    quiet = now - before < 0.025 ? quiet + 1 : 0;
    before = now;
  }
  return performance.now() - started;
}

interface Outcome {
  before: LoadResult;
  after: LoadResult;
  /** p99 of the acks before and after the burst, taken together. */
  quietP99: number;
  burst: LoadResult;
  replies: LoadResult;
  /** Comment rows of the measured burst (the warm-up's taken off). */
  stored: number;
  cpuPercent: number;
}

export const commentBurst: Measure = {
  name: `comments: ${label}, and /bug acks meanwhile`,
  async run(ctx) {
    const outcomes: Partial<Record<'pglite' | 'postgres', Outcome>> = {};
    for (const kind of ctx.shortlistKinds) {
      const target = await startShortlist(kind, ctx.emulator, ctx.pg);
      const forget = onCleanup(`${kind} target`, () => target.stop().then(() => undefined));
      ctx.emulator.reset();
      const threads = await fileItems(ctx, target, kind);
      const bugs = bugBodies(ctx.emulator);
      // Warm-up of both paths (JIT, connections, the thread lookup's plan), not measured.
      assertClean(`${kind} /bug warm-up`, await runPaced({ url: target.url, rate: BUG_RATE, count: BUG_RATE * WARMUP_SECONDS, body: bugs }));
      assertClean(`${kind} reply warm-up`, await runPaced({ url: target.url, rate: REPLY_RATE, count: REPLY_RATE, body: replyBodies(threads, `W${kind}`), contentType: 'application/json', seed: 7 }));
      await settled(target);
      const warmReplies = REPLY_RATE;

      // Without the burst, with it, and without it again (the same arrivals of /bug, same seed, each time): the
      // yardstick is both quiet runs together, so a machine that drifts during the measure moves both sides.
      const before = await runPaced({ url: target.url, rate: BUG_RATE, count: BUGS, body: bugs });
      assertClean(`${kind} /bug before the burst`, before);
      const {
        result: [burst, replies],
        cpuPercent,
      } = await withCpu(target.cpuSeconds, () =>
        Promise.all([
          runPaced({ url: target.url, rate: BUG_RATE, count: BUGS, body: bugs }),
          runPaced({ url: target.url, rate: REPLY_RATE, count: REPLIES, body: replyBodies(threads, `M${kind}`), contentType: 'application/json', seed: 20261203 }),
        ]),
      );
      assertClean(`${kind} /bug during the burst`, burst);
      assertClean(`${kind} replies`, replies);
      const lagMs = await settled(target);
      const after = await runPaced({ url: target.url, rate: BUG_RATE, count: BUGS, body: bugs });
      assertClean(`${kind} /bug after the burst`, after);
      const quietP99 = percentile([...before.latencies, ...after.latencies].sort((a, b) => a - b), 0.99);
      // One modal opened per /bug: the capture, the warm-up, the three measured runs.
      const views = await waitForCalls(ctx.emulator, 'views.open', 1 + WARMUP_SECONDS * BUG_RATE + 3 * BUGS);
      forget();
      const { comments: stored = 0 } = await target.stop();
      outcomes[kind] = { before, after, quietP99, burst, replies, stored: stored - warmReplies, cpuPercent };
      ctx.log(`  ${kind}: /bug p99 ${ms(quietP99)} without (${ms(before.p99)} before, ${ms(after.p99)} after), ${ms(burst.p99)} during (${(burst.p99 / quietP99).toFixed(2)}×); replies acked p99 ${ms(replies.p99)}; ${stored - warmReplies} of ${replies.ok} stored`);
      ctx.check(
        `comments on ${kind}: ${ITEMS} bugs filed, their confirmations the threads; warm-up ${warmReplies} replies; measured ${replies.sent} replies sent (${replies.resent ?? 0} of them again, on a fresh connection), ${replies.ok} answered 200 (p50 ${ms(replies.p50)}, p99 ${ms(replies.p99)}), ` +
          `comments in the table afterwards ${stored} (expected ${warmReplies} + ${replies.ok}); the target was idle again (under 5 % of a core for 1 s) ${(lagMs / 1000).toFixed(1)} s after the burst and used ${cpuPercent.toFixed(0)}% of one core during it; ` +
          `/bug ${before.sent} sent before the burst (p99 ${ms(before.p99)}), ${burst.sent} during it (p99 ${ms(burst.p99)}) and ${after.sent} after it (p99 ${ms(after.p99)}), all answered 2xx, and the emulator saw ${views} views.open calls in all`,
      );
    }
    const na = { baseline: 'n/a' };
    return [
      {
        measure: `${label}: stored (count of comment rows)`,
        budget: 'all, none lost',
        values: { ...cells(ctx, outcomes, (o) => `${o.stored} of ${o.replies.ok}`), ...na },
        verdict: verdictOf(Object.values(outcomes).map((o) => o.stored === o.replies.ok && o.replies.ok === REPLIES)),
      },
      {
        measure: `\`/bug\` ack p99 at ${BUG_RATE}/s (Poisson, ${SECONDS} s) during the burst, against the same without it (${SECONDS} s before and ${SECONDS} s after, together)`,
        budget: '≤ 1.5 × without',
        values: { ...cells(ctx, outcomes, (o) => `${ms(o.burst.p99)} vs ${ms(o.quietP99)} (${(o.burst.p99 / o.quietP99).toFixed(2)}×)`), ...na },
        verdict: verdictOf(Object.values(outcomes).map((o) => o.burst.p99 <= 1.5 * o.quietP99)),
      },
      {
        measure: 'diagnostic: reply ack p50 / p99 during the burst; `/bug` ack p50 before / during',
        budget: '–',
        values: { ...cells(ctx, outcomes, (o) => `${ms(o.replies.p50)} / ${ms(o.replies.p99)}; ${ms(o.before.p50)} / ${ms(o.burst.p50)}`), ...na },
        verdict: 'n/a',
      },
    ];
  },
};
