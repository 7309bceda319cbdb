import { cpus } from 'node:os';
import { validBug } from '../test/support/bug-flow.ts';
import { viewSubmission } from '../src/sandbox/deliver.ts';
import { onCleanup } from './cleanup.ts';
import { assertClean, type LoadResult } from './load.ts';
import { capturedModal } from './measure-ack.ts';
import { runPaced } from './paced.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf, waitForCalls, withCpu, withMachineLoad } from './report.ts';
import { startShortlist } from './targets.ts';

const RATE = 100;
const COUNT = 1000;
const WARMUP = 300;
const TEAMS = ['T_BENCH_A', 'T_BENCH_B', 'T_BENCH_C', 'T_BENCH_D'];

const label = `${COUNT} submissions arriving at random (Poisson) at ${RATE}/s`;

/** Each filed bug is followed by two posts (its confirmation, its triage message); waits until all are out. */
async function caughtUp(emulator: BenchContext['emulator'], bugs: number, timeoutMs = 90_000): Promise<number> {
  const started = performance.now();
  await waitForCalls(emulator, 'chat.postMessage', 2 * bugs, timeoutMs);
  return performance.now() - started;
}

export const modalSubmission: Measure = {
  name: 'bug modal submission (saved before ack) at 100 requests/s',
  async run(ctx) {
    const results: Partial<Record<'pglite' | 'postgres', LoadResult>> = {};
    let refused = false;
    for (const kind of ctx.shortlistKinds) {
      const target = await startShortlist(kind, ctx.emulator, ctx.pg);
      const forget = onCleanup(`${kind} target`, () => target.stop().then(() => undefined));
      ctx.emulator.reset();
      // Open the modal once, the way Slack would, and submit that view (with a new id each time).
      const view = (await capturedModal(ctx, target)) as unknown as Parameters<typeof viewSubmission>[0];
      let seq = 0;
      const body = () => {
        seq += 1;
        const actor = { teamId: TEAMS[seq % TEAMS.length]!, userId: `U_BENCH${seq % 50}` };
        return new URLSearchParams({ payload: JSON.stringify(viewSubmission({ ...view, id: `VBENCH${kind.toUpperCase()}${seq}` }, validBug, actor)) }).toString();
      };
      // Fixed amounts (not durations), so no submission is cut off in flight and every one is accounted for.
      // The measured run starts once everything the warm-up queued has been posted.
      const warm = await runPaced({ url: target.url, rate: RATE, count: WARMUP, body });
      await caughtUp(ctx.emulator, warm.ok - warm.okWithBody);
      const {
        result: { result, cpuPercent },
        machinePercent,
      } = await withMachineLoad(() => withCpu(target.cpuSeconds, () => runPaced({ url: target.url, rate: RATE, count: COUNT, body })));
      results[kind] = result;
      let saved = 0;
      for (const [name, r] of [['warm-up', warm], ['measured', result]] as const) {
        if (r.sent !== r.ok + r.non2xx + r.errors || r.ok !== r.latencies.length) throw new Error(`${kind} ${name}: ${r.sent} submissions sent but ${r.ok} answered`);
        assertClean(`${kind} submission ${name}`, r, { allowBodies: true });
        for (const [answer, n] of Object.entries(r.bodyCounts)) {
          // A save that failed or timed out is the app's answer under load; anything else means our payload is wrong.
          if (!answer.includes("Couldn't save this bug")) throw new Error(`${kind}: submission refused ${n}×: ${answer}`);
          if (name === 'measured') refused = true;
          ctx.log(`  ${kind} (${name}): ${n} submissions answered "could not save" (the form stays open)`);
        }
        saved += r.ok - r.okWithBody;
      }
      // Confirmations and triage messages go out after the ack (outbox): how long until the last one is out.
      const lagMs = await caughtUp(ctx.emulator, saved);
      forget();
      const { bugs: stored } = await target.stop();
      if (stored !== saved) throw new Error(`${kind}: ${saved} submissions were acknowledged as saved but ${stored} bugs are stored`);
      // Every bug is confirmed and triaged in the channel it was filed in, exactly once each; anything else
      // posted is a DM (the installer told once per workspace that no digest channel is set).
      const posts = ctx.emulator.callsTo('chat.postMessage');
      const posted = posts.filter((c) => c.params.channel === 'C_GENERAL').length;
      if (posted !== 2 * stored!) throw new Error(`${kind}: ${stored} bugs but ${posted} posts in their channel (expected two each)`);
      ctx.log(`  ${kind}: p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)}, ${result.rps.toFixed(1)} req/s, target CPU ${cpuPercent.toFixed(0)}%; last post ${(lagMs / 1000).toFixed(1)} s after the run`);
      ctx.check(
        `submission on ${kind}: warm-up ${warm.sent} sent, measured ${result.sent} sent, ${result.ok} answered 2xx (${result.okWithBody} "could not save"), none non-2xx or failed; ` +
          `bugs in the table afterwards: ${stored} (expected ${saved}); posts in their channel: ${posted} (a confirmation and a triage message each; ${posts.length - posted} other posts, DMs), ` +
          `the last ${(lagMs / 1000).toFixed(1)} s after the measured run ended; during the run the target process used ${cpuPercent.toFixed(0)}% of one core ` +
          `and the whole machine (app, database, load generator and Slack emulator) was ${machinePercent.toFixed(0)}% busy across its ${cpus().length} cores`,
      );
    }
    const pg = results.postgres;
    const baselineNa = { baseline: 'n/a' };
    return [
      { measure: `${label}: p50`, budget: '–', values: { ...cells(ctx, results, (r) => ms(r.p50)), ...baselineNa }, verdict: 'n/a' },
      {
        measure: `${label}: p99`,
        budget: '< 50 ms on PostgreSQL',
        values: { ...cells(ctx, results, (r) => ms(r.p99)), ...baselineNa },
        verdict: pg ? verdictOf([pg.p99 < 50 && !refused]) : 'n/a',
        ...(pg ? {} : { verdictNote: 'no PostgreSQL server' }),
        ...(refused ? { verdictNote: 'some saves failed' } : {}),
      },
    ];
  },
};
