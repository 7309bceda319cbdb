import type { SlackEmulator } from '../src/sandbox/slack-standin.ts';
import { sendSlashCommand, slashCommandBody } from '../src/sandbox/deliver.ts';
import { onCleanup } from './cleanup.ts';
import { assertClean, percentile, runLoad } from './load.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf, waitForCalls, withCpu, withMachineLoad } from './report.ts';
import { startBaseline, startShortlist, type Target } from './targets.ts';

/** Issue 16: "20 connections, as a new user would try it". */
const CONNECTIONS = 20;
const ROUNDS = 4;
const ROUND_SECONDS = 2.5;
const WARMUP_SECONDS = 2;
const TEAMS = ['T_BENCH_A', 'T_BENCH_B', 'T_BENCH_C', 'T_BENCH_D'];

/** The yardstick with Shortlist's own modal: the same Slack calls, byte for byte. */
const SAME = 'baseline';
/** The yardstick with a one-field modal (diagnostic). */
const SMALL = 'baseline-small';
type Key = typeof SAME | typeof SMALL | 'pglite' | 'postgres';

function slashBodies(emulator: SlackEmulator): () => string {
  let seq = 0;
  const responseUrl = emulator.responseUrl('bench');
  return () => {
    seq += 1;
    return slashCommandBody({
      teamId: TEAMS[seq % TEAMS.length]!,
      userId: `U_BENCH${seq % 50}`,
      command: '/bug',
      text: 'Login fails on Safari',
      channelId: 'C_GENERAL',
      responseUrl,
      triggerId: `bench.${seq}.${Date.now()}`,
    });
  };
}

/** Sends one `/bug` to `target` and returns the view it asked Slack to open. */
export async function capturedModal(ctx: BenchContext, target: Target): Promise<Record<string, unknown>> {
  const triggerId = `bench-capture-${target.kind}-${Date.now()}`;
  const response = await sendSlashCommand(target.url, {
    teamId: TEAMS[0]!,
    userId: 'U_BENCH0',
    command: '/bug',
    text: 'Login fails on Safari',
    channelId: 'C_GENERAL',
    triggerId,
    responseUrl: ctx.emulator.responseUrl('bench'),
  });
  if (response.status !== 200) throw new Error(`${target.kind}: /bug answered ${response.status}`);
  const call = await ctx.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
  return call.params.view as Record<string, unknown>;
}

interface Pooled {
  latencies: number[];
  ok: number;
  sent: number;
  seconds: number;
  views: number;
  roundP99s: number[];
  cpu: number[];
  machine: number[];
}

export const slashCommandAck: Measure = {
  name: '/bug ack under load',
  async run(ctx) {
    const targets = new Map<Key, Target>();
    const forget = new Map<Key, () => void>();
    const started = (key: Key, target: Target) => {
      targets.set(key, target);
      forget.set(key, onCleanup(`${key} target`, () => target.stop().then(() => undefined)));
    };
    for (const kind of ctx.shortlistKinds) started(kind, await startShortlist(kind, ctx.emulator, ctx.pg));
    started(SAME, await startBaseline(ctx.emulator, await capturedModal(ctx, targets.get('pglite')!)));
    started(SMALL, await startBaseline(ctx.emulator));
    const keys = [...targets.keys()];
    const bodies = new Map(keys.map((key) => [key, slashBodies(ctx.emulator)]));
    const pooled = new Map<Key, Pooled>();
    for (const key of keys) {
      ctx.emulator.reset();
      const warm = await runLoad({ url: targets.get(key)!.url, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS, body: bodies.get(key)! });
      assertClean(`${key} /bug warm-up`, warm);
      await waitForCalls(ctx.emulator, 'views.open', warm.ok);
      pooled.set(key, { latencies: [], ok: 0, sent: 0, seconds: 0, views: 0, roundP99s: [], cpu: [], machine: [] });
    }
    // The targets take turns, in a different order each round, so drift on the machine hits them alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = keys.map((_, i) => keys[(i + round) % keys.length]!);
      for (const key of order) {
        const target = targets.get(key)!;
        ctx.emulator.reset();
        const {
          result: { result, cpuPercent },
          machinePercent,
        } = await withMachineLoad(() => withCpu(target.cpuSeconds, () => runLoad({ url: target.url, connections: CONNECTIONS, durationSeconds: ROUND_SECONDS, body: bodies.get(key)! })));
        assertClean(`${key} /bug round ${round + 1}`, result);
        // Every request was acknowledged and its modal opened (requests cut off by the end of the run included).
        const opened = await waitForCalls(ctx.emulator, 'views.open', result.sent);
        const pool = pooled.get(key)!;
        pool.latencies.push(...result.latencies);
        pool.ok += result.ok;
        pool.sent += result.sent;
        pool.seconds += result.durationSeconds;
        pool.views += opened;
        pool.roundP99s.push(result.p99);
        pool.cpu.push(cpuPercent);
        pool.machine.push(machinePercent);
      }
    }
    ctx.emulator.reset();
    for (const [key, target] of targets) {
      forget.get(key)!();
      await target.stop();
    }

    type Stats = { p50: number; p99: number; rps: number };
    const stats = new Map<Key, Stats>();
    for (const [key, pool] of pooled) {
      const sorted = pool.latencies.sort((x, y) => x - y);
      const s = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), rps: pool.ok / pool.seconds };
      stats.set(key, s);
      ctx.log(`  ${key}: ${pool.ok} acks, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, ${s.rps.toFixed(0)} req/s`);
      ctx.check(
        `/bug on ${key}: ${pool.sent} sent, ${pool.ok} answered 2xx, none non-2xx or failed; the emulator then saw ${pool.views} views.open calls; ` +
          `p99 of each round: ${pool.roundP99s.map(ms).join(', ')}; target process CPU per round: ${pool.cpu.map((c) => `${c.toFixed(0)}%`).join(', ')} of one core`,
      );
    }
    const same = stats.get(SAME)!;
    const small = stats.get(SMALL)!;
    const limit = 1.5 * same.p99;
    const shortlist = Object.fromEntries(ctx.shortlistKinds.map((kind) => [kind, stats.get(kind)!]));
    const withBaseline = (pick: (s: Stats) => string) => cells(ctx, { ...shortlist, baseline: same }, pick);
    const shape = `${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_SECONDS} s`;
    // Issue 16: against each yardstick, p99 at most 1.2 × its p99 and throughput at least 85 % of its own.
    const against = (yardstick: Stats, what: string) => [
      {
        measure: `\`/bug\` ack p99 against ${what}`,
        budget: `≤ 1.2 × its p99 (≤ ${ms(1.2 * yardstick.p99)})`,
        values: cells(ctx, { ...shortlist, baseline: yardstick }, (s) => (s === yardstick ? ms(s.p99) : `${ms(s.p99)} (${(s.p99 / yardstick.p99).toFixed(2)}×)`)),
        verdict: verdictOf(ctx.shortlistKinds.map((kind) => stats.get(kind)!.p99 <= 1.2 * yardstick.p99)),
      },
      {
        measure: `\`/bug\` acks per second against ${what}`,
        budget: '≥ 85 % of its throughput',
        values: cells(ctx, { ...shortlist, baseline: yardstick }, (s) => (s === yardstick ? s.rps.toFixed(0) : `${s.rps.toFixed(0)} (${((100 * s.rps) / yardstick.rps).toFixed(0)} %)`)),
        verdict: verdictOf(ctx.shortlistKinds.map((kind) => stats.get(kind)!.rps >= 0.85 * yardstick.rps)),
      },
    ];
    return [
      { measure: `\`/bug\` ack p50 (${shape})`, budget: '–', values: withBaseline((s) => ms(s.p50)), verdict: 'n/a' },
      {
        measure: `\`/bug\` ack p99 (${shape})`,
        budget: `≤ 1.5 × baseline p99 (≤ ${ms(limit)})`,
        values: withBaseline((s) => (s === same ? ms(s.p99) : `${ms(s.p99)} (${(s.p99 / same.p99).toFixed(2)}×)`)),
        verdict: verdictOf(ctx.shortlistKinds.map((kind) => stats.get(kind)!.p99 <= limit)),
      },
      ...against(same, 'a bare Bolt app opening Shortlist\'s modal'),
      ...against(small, 'a bare Bolt app opening a one-field modal'),
    ];
  },
};
