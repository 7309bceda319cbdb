import { validBug } from '../test/support/bug-flow.ts';
import { viewSubmission } from '../test/support/slack-requests.ts';
import { onCleanup } from './cleanup.ts';
import { assertClean, type LoadResult, runLoad } from './load.ts';
import { capturedModal } from './measure-ack.ts';
import { runPaced } from './paced.ts';
import { cells, type Measure, ms, settledCount, verdictOf, withCpu } from './report.ts';
import { startShortlist } from './targets.ts';

const RATE = 100;
const COUNT = 1000;
const WARMUP = 300;
const CONNECTIONS = 10;
const TEAMS = ['T_BENCH_A', 'T_BENCH_B', 'T_BENCH_C', 'T_BENCH_D'];

type RunName = 'poisson' | 'bursts';
const runLabels: Record<RunName, string> = {
  poisson: `${COUNT} submissions arriving at random (Poisson) at ${RATE}/s`,
  bursts: `${COUNT} submissions by autocannon \`overallRate: ${RATE}\` (each second's ${RATE} sent at once over ${CONNECTIONS} connections)`,
};

export const modalSubmission: Measure = {
  name: 'bug modal submission (saved before ack) at 100 requests/s',
  async run(ctx) {
    const results: Record<RunName, Partial<Record<'pglite' | 'postgres', LoadResult>>> = { poisson: {}, bursts: {} };
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
      // Each run starts once the confirmations of the one before have gone out, so none pays for another's backlog.
      const warm = await runPaced({ url: target.url, rate: RATE, count: WARMUP, arrivals: 'poisson', body });
      await settledCount(ctx.emulator, 'chat.postMessage', 20_000);
      const runs: [RunName | 'warm-up', LoadResult, number][] = [['warm-up', warm, Number.NaN]];
      for (const name of ['poisson', 'bursts'] as const) {
        const { result, cpuPercent } = await withCpu(target.cpuSeconds, () =>
          name === 'bursts'
            ? runLoad({ url: target.url, connections: CONNECTIONS, overallRate: RATE, amount: COUNT, body })
            : runPaced({ url: target.url, rate: RATE, count: COUNT, arrivals: name, body }),
        );
        results[name][kind] = result;
        runs.push([name, result, cpuPercent]);
        await settledCount(ctx.emulator, 'chat.postMessage', 20_000);
      }
      let saved = 0;
      for (const [label, r] of runs) {
        if (r.sent !== r.ok + r.non2xx + r.errors || r.ok !== r.latencies.length) throw new Error(`${kind} ${label}: ${r.sent} submissions sent but ${r.ok} answered`);
        assertClean(`${kind} submission ${label}`, r, { allowBodies: true });
        for (const [answer, n] of Object.entries(r.bodyCounts)) {
          // A save that failed or timed out is the app's answer under load; anything else means our payload is wrong.
          if (!answer.includes("Couldn't save this bug")) throw new Error(`${kind}: submission refused ${n}×: ${answer}`);
          if (label !== 'warm-up') refused = true;
          ctx.log(`  ${kind} (${label}): ${n} submissions answered "could not save" (the form stays open)`);
        }
        saved += r.ok - r.okWithBody;
      }
      // The confirmation and triage posts go out after the ack (outbox); count them once they stop coming.
      const posted = await settledCount(ctx.emulator, 'chat.postMessage');
      forget();
      const { bugs: stored } = await target.stop();
      if (stored !== saved) throw new Error(`${kind}: ${saved} submissions were acknowledged as saved but ${stored} bugs are stored`);
      for (const [label, r, cpu] of runs.slice(1)) {
        ctx.log(`  ${kind} ${label}: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}, ${r.rps.toFixed(1)} req/s, target CPU ${cpu.toFixed(0)}%`);
      }
      ctx.check(
        `submission on ${kind}: ${runs.map(([label, r]) => `${label} ${r.sent} sent, ${r.ok} answered 2xx (${r.okWithBody} "could not save")`).join('; ')}; ` +
          `bugs in the table afterwards: ${stored} (expected ${saved}); chat.postMessage calls once settled: ${posted} (${(posted / stored!).toFixed(2)} per bug); ` +
          `target process CPU: ${runs.slice(1).map(([label, , cpu]) => `${label} ${cpu.toFixed(0)}%`).join(', ')} of one core`,
      );
    }
    const pg = results.poisson.postgres;
    const baselineNa = { baseline: 'n/a' };
    return [
      { measure: `${runLabels.poisson}: p50`, budget: '–', values: { ...cells(ctx, results.poisson, (r) => ms(r.p50)), ...baselineNa }, verdict: 'n/a' },
      {
        measure: `${runLabels.poisson}: p99`,
        budget: '< 50 ms on PostgreSQL',
        values: { ...cells(ctx, results.poisson, (r) => ms(r.p99)), ...baselineNa },
        verdict: pg ? verdictOf([pg.p99 < 50 && !refused]) : 'n/a',
        ...(pg ? {} : { verdictNote: 'no PostgreSQL server' }),
        ...(refused ? { verdictNote: 'some saves failed' } : {}),
      },
      { measure: `${runLabels.bursts}: p50 / p99`, budget: '–', values: { ...cells(ctx, results.bursts, (r) => `${ms(r.p50)} / ${ms(r.p99)}`), ...baselineNa }, verdict: 'n/a', verdictNote: 'stress' },
    ];
  },
};
