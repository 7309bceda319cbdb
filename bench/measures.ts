import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { validBug } from '../test/support/bug-flow.ts';
import type { SlackEmulator } from '../test/support/slack-emulator.ts';
import { SIGNING_SECRET, sendSlashCommand, slashCommandBody, viewSubmission } from '../test/support/slack-requests.ts';
import { type BotRun, runBot } from './bot-process.ts';
import { onCleanup, withCleanup } from './cleanup.ts';
import { assertClean, type LoadResult, percentile, runLoad } from './load.ts';
import { runPaced } from './paced.ts';
import type { PostgresServer } from './postgres.ts';
import { countBugs, startBaseline, startShortlist, type Target, type TargetKind } from './targets.ts';

/** The table's value columns. */
export type Column = TargetKind;
export const columns: { key: Column; title: string }[] = [
  { key: 'baseline', title: 'baseline (bare Bolt)' },
  { key: 'pglite', title: 'Shortlist PGlite' },
  { key: 'postgres', title: 'Shortlist PostgreSQL' },
];

export type Verdict = 'meets' | 'misses' | 'n/a';

export interface Row {
  measure: string;
  budget: string;
  values: Partial<Record<Column, string>>;
  verdict: Verdict;
  /** Why the verdict is what it is, when that is not obvious from the values. */
  verdictNote?: string;
}

export interface BenchContext {
  emulator: SlackEmulator;
  pg: PostgresServer | undefined;
  /** The Shortlist database kinds to measure: PGlite always, PostgreSQL when a server answers. */
  shortlistKinds: ('pglite' | 'postgres')[];
  log(line: string): void;
  /** Facts checked along the way (request counts, rows stored); they go into RESULTS.md. */
  check(line: string): void;
}

/** One measure: runs, and returns its rows of the results table. Add a new one to `measures` below. */
export interface Measure {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

// Load shape, the same for every target.
const CONNECTIONS = 10;
const SLASH_SECONDS = 10;
const SUBMISSION_RATE = 100;
const SUBMISSION_SECONDS = 10;
const WARMUP_SECONDS = 2;
const TEAMS = ['T_BENCH_A', 'T_BENCH_B', 'T_BENCH_C', 'T_BENCH_D'];

const notRun = (kind: Column, ctx: BenchContext) =>
  kind === 'postgres' && !ctx.pg ? 'not run (no PostgreSQL server)' : 'n/a';

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

function verdictOf(checks: boolean[]): Verdict {
  if (checks.length === 0) return 'n/a';
  return checks.every(Boolean) ? 'meets' : 'misses';
}

async function startTarget(kind: TargetKind, ctx: BenchContext): Promise<Target> {
  return kind === 'baseline' ? startBaseline(ctx.emulator) : startShortlist(kind, ctx.emulator, ctx.pg);
}

/** Waits until the emulator has seen at least `n` calls of `method` (the work the app does after its ack). */
async function waitForCalls(emulator: SlackEmulator, method: string, n: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = emulator.callsTo(method).length;
    if (seen >= n) return seen;
    if (Date.now() > deadline) throw new Error(`emulator saw ${seen} ${method} calls, expected ${n}, within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The number of `method` calls once it has not grown for a second (at most `timeoutMs`). */
async function settledCount(emulator: SlackEmulator, method: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = emulator.callsTo(method).length;
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1000) break;
    await sleep(100);
  }
  return last;
}

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

/** Several runs of one target, pooled. */
interface Pooled {
  latencies: number[];
  ok: number;
  sent: number;
  seconds: number;
  views: number;
  roundP99s: number[];
  cpuPercents: number[];
}

const SLASH_ROUNDS = 4;

/** A second yardstick: the bare Bolt app opening exactly the modal Shortlist opens (diagnostic row). */
const SAME_MODAL = 'baseline-same-modal';
type SlashKey = TargetKind | typeof SAME_MODAL;

/** Sends one `/bug` to `target` and returns the view it asked Slack to open. */
async function capturedModal(ctx: BenchContext, target: Target): Promise<Record<string, unknown>> {
  const triggerId = `bench-capture-${target.kind}`;
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

const slashCommandAck: Measure = {
  name: '/bug ack under load',
  async run(ctx) {
    const kinds: SlashKey[] = ['baseline', SAME_MODAL, ...ctx.shortlistKinds];
    const targets = new Map<SlashKey, Target>();
    const forget: (() => void)[] = [];
    const pooled = new Map<SlashKey, Pooled>();
    try {
      const started = (key: SlashKey, target: Target) => {
        targets.set(key, target);
        forget.push(onCleanup(`${key} target`, () => target.stop()));
      };
      for (const kind of ctx.shortlistKinds) started(kind, await startTarget(kind, ctx));
      const shortlistModal = await capturedModal(ctx, targets.get('pglite')!);
      started('baseline', await startBaseline(ctx.emulator));
      started(SAME_MODAL, await startBaseline(ctx.emulator, shortlistModal));
      const bodies = new Map(kinds.map((kind) => [kind, slashBodies(ctx.emulator)]));
      for (const kind of kinds) {
        ctx.emulator.reset();
        const warm = await runLoad({ url: targets.get(kind)!.url, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS, body: bodies.get(kind)! });
        assertClean(`${kind} /bug warm-up`, warm);
        await waitForCalls(ctx.emulator, 'views.open', warm.ok);
        pooled.set(kind, { latencies: [], ok: 0, sent: 0, seconds: 0, views: 0, roundP99s: [], cpuPercents: [] });
      }
      // The targets take turns, in a different order each round, so drift on the machine hits them alike.
      for (let round = 0; round < SLASH_ROUNDS; round += 1) {
        const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
        if (round % 2 === 1) order.reverse();
        for (const kind of order) {
          ctx.emulator.reset();
          const result = await runLoad({ url: targets.get(kind)!.url, connections: CONNECTIONS, durationSeconds: SLASH_SECONDS / SLASH_ROUNDS, body: bodies.get(kind)! });
          assertClean(`${kind} /bug`, result);
          const opened = await waitForCalls(ctx.emulator, 'views.open', result.ok);
          const pool = pooled.get(kind)!;
          pool.latencies.push(...result.latencies);
          pool.ok += result.ok;
          pool.sent += result.sent;
          pool.seconds += result.durationSeconds;
          pool.views += opened;
          pool.roundP99s.push(result.p99);
          pool.cpuPercents.push(result.cpuPercent);
        }
      }
      ctx.emulator.reset();
    } finally {
      for (const undo of forget) undo();
      for (const target of targets.values()) await target.stop();
    }
    const results = new Map(
      kinds.map((kind) => {
        const pool = pooled.get(kind)!;
        const sorted = pool.latencies.sort((x, y) => x - y);
        const r = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, rps: pool.ok / pool.seconds };
        ctx.log(`  ${kind}: ${pool.ok} acks, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}, ${r.rps.toFixed(0)} req/s`);
        ctx.check(
          `/bug on ${kind}: ${pool.sent} sent, ${pool.ok} answered 2xx, none non-2xx or failed; the emulator then saw ${pool.views} views.open calls ` +
            `(one per request, including any cut off by the end of a run); p99 of each round: ${pool.roundP99s.map(ms).join(', ')}; ` +
            `bench process CPU per round: ${pool.cpuPercents.map((c) => `${c.toFixed(0)}%`).join(', ')} of one core`,
        );
        return [kind, r] as const;
      }),
    );
    const base = results.get('baseline')!;
    const limit = 1.5 * base.p99;
    type Stats = typeof base;
    const all = (pick: (r: Stats) => string) =>
      Object.fromEntries(columns.map(({ key }) => [key, results.has(key) ? pick(results.get(key)!) : notRun(key, ctx)]));
    const shortlist = ctx.shortlistKinds.map((kind) => results.get(kind)!);
    const same = results.get(SAME_MODAL)!;
    const shape = `${CONNECTIONS} conn, ${SLASH_ROUNDS} × ${SLASH_SECONDS / SLASH_ROUNDS} s`;
    return [
      { measure: `\`/bug\` ack p50 (${shape})`, budget: '–', values: all((r) => ms(r.p50)), verdict: 'n/a' },
      {
        measure: `\`/bug\` ack p99 (${shape})`,
        budget: `≤ 1.5 × baseline p99 (≤ ${ms(limit)})`,
        values: all((r) => (r === base ? ms(r.p99) : `${ms(r.p99)} (${(r.p99 / base.p99).toFixed(2)}×)`)),
        verdict: verdictOf(shortlist.map((r) => r.p99 <= limit)),
      },
      { measure: '`/bug` acks per second', budget: '–', values: all((r) => r.rps.toFixed(0)), verdict: 'n/a' },
      {
        measure: "diagnostic: bare Bolt opening Shortlist's own (larger) modal instead of the small one, same load",
        budget: '–',
        values: { baseline: `p50 ${ms(same.p50)}, p99 ${ms(same.p99)}, ${same.rps.toFixed(0)} req/s`, pglite: '–', postgres: '–' },
        verdict: 'n/a',
      },
    ];
  },
};

const modalSubmission: Measure = {
  name: 'bug modal submission at a fixed rate',
  async run(ctx) {
    const results: Partial<Record<TargetKind, LoadResult>> = {};
    const paced: Partial<Record<TargetKind, LoadResult>> = {};
    let refused = false;
    for (const kind of ctx.shortlistKinds) {
      await withCleanup(`${kind} target`, await startTarget(kind, ctx), (target) => target.stop(), async (target) => {
        ctx.emulator.reset();
        // Open the modal once, the way Slack would, and submit that view (with a new id each time).
        const view = (await capturedModal(ctx, target)) as unknown as Parameters<typeof viewSubmission>[0];
        let seq = 0;
        const body = () => {
          seq += 1;
          const actor = { teamId: TEAMS[seq % TEAMS.length]!, userId: `U_BENCH${seq % 50}` };
          const payload = viewSubmission({ ...view, id: `VBENCH${kind.toUpperCase()}${seq}` }, validBug, actor);
          return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
        };
        const load = { url: target.url, connections: CONNECTIONS, overallRate: SUBMISSION_RATE, body };
        // A fixed amount (not a duration), so no submission is cut off in flight and every one can be accounted for.
        const warm = await runLoad({ ...load, amount: SUBMISSION_RATE * WARMUP_SECONDS });
        const result = await runLoad({ ...load, amount: SUBMISSION_RATE * SUBMISSION_SECONDS });
        // Diagnostic: the same submissions, evenly spaced.
        const even = await runPaced({ url: target.url, rate: SUBMISSION_RATE, count: SUBMISSION_RATE * SUBMISSION_SECONDS, body });
        const runs = [
          ['warm-up', warm],
          ['autocannon', result],
          ['evenly paced', even],
        ] as const;
        for (const [label, r] of runs) {
          if (r.sent !== r.ok + r.non2xx + r.errors || r.ok !== r.latencies.length) throw new Error(`${kind} ${label}: ${r.sent} submissions sent but ${r.ok} answered`);
          assertClean(`${kind} submission ${label}`, r, { allowBodies: true });
          for (const [answer, n] of Object.entries(r.bodyCounts)) {
            // A save that failed or timed out is the app's answer under load; anything else means our payload is wrong.
            if (!answer.includes("Couldn't save this bug")) throw new Error(`${kind}: submission refused ${n}×: ${answer}`);
            if (r !== even) refused = true;
            ctx.log(`  ${kind} (${label}): ${n} submissions answered "could not save" (the form stays open)`);
          }
        }
        const saved = runs.reduce((sum, [, r]) => sum + r.ok - r.okWithBody, 0);
        const stored = target.database ? await countBugs(target.database) : Number.NaN;
        if (stored !== saved) throw new Error(`${kind}: ${saved} submissions were acknowledged as saved but ${stored} bugs are stored`);
        // The confirmation and triage posts go out after the ack (outbox); count them once they stop coming.
        const posted = await settledCount(ctx.emulator, 'chat.postMessage');
        ctx.log(`  ${kind}: ${result.ok} submissions, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)}, ${result.rps.toFixed(1)} req/s; evenly paced: p50 ${ms(even.p50)}, p99 ${ms(even.p99)}; bugs stored ${stored}`);
        ctx.check(
          `submission on ${kind}: autocannon run ${result.sent} sent, ${result.ok} answered 2xx (${result.okWithBody} with an error body), non2xx ${result.non2xx}, errors ${result.errors}; ` +
            `evenly paced run ${even.sent} sent, ${even.ok} answered 2xx (${even.okWithBody} with an error body), non2xx ${even.non2xx}, errors ${even.errors}; ` +
            `bugs in the table after warm-up + both runs: ${stored} (expected ${saved}); chat.postMessage calls once settled: ${posted} (${(posted / stored).toFixed(2)} per bug); ` +
            `bench process CPU: ${result.cpuPercent.toFixed(0)}% of one core in the autocannon run, ${even.cpuPercent.toFixed(0)}% evenly paced`,
        );
        results[kind] = result;
        paced[kind] = even;
        ctx.emulator.reset();
      });
    }
    const cells = (from: Partial<Record<TargetKind, LoadResult>>, pick: (r: LoadResult) => string) =>
      Object.fromEntries(columns.map(({ key }) => [key, from[key] ? pick(from[key]) : key === 'baseline' ? 'n/a' : notRun(key, ctx)]));
    const pg = results.postgres;
    const pgEven = paced.postgres;
    const title = `bug submission (saved before ack), autocannon \`overallRate: ${SUBMISSION_RATE}\`, ${SUBMISSION_RATE * SUBMISSION_SECONDS} requests`;
    return [
      { measure: `${title}: p50`, budget: '–', values: cells(results, (r) => ms(r.p50)), verdict: 'n/a' },
      {
        measure: `${title}: p99`,
        budget: '< 50 ms on PostgreSQL',
        values: cells(results, (r) => ms(r.p99)),
        verdict: pg ? verdictOf([pg.p99 < 50 && !refused]) : 'n/a',
        ...(pg ? {} : { verdictNote: 'no PostgreSQL server' }),
        ...(refused ? { verdictNote: 'some saves failed' } : {}),
      },
      { measure: `${title}: achieved rate`, budget: '–', values: cells(results, (r) => `${r.rps.toFixed(1)} req/s`), verdict: 'n/a' },
      {
        measure: `diagnostic: the same submissions evenly spaced at ${SUBMISSION_RATE} req/s (open-loop client in bench/paced.ts), p50 / p99`,
        budget: '< 50 ms p99 on PostgreSQL',
        values: cells(paced, (r) => `${ms(r.p50)} / ${ms(r.p99)}`),
        verdict: pgEven ? verdictOf([pgEven.p99 < 50]) : 'n/a',
        verdictNote: 'diagnostic',
      },
    ];
  },
};

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

type StartKind = 'fresh' | 'restart';

const startupAndIdleMemory: Measure = {
  name: 'start-up time and idle memory of the real bot (npm start)',
  async run(ctx) {
    // Per database kind: a first start on an empty database (runs every migration, and on PGlite creates
    // the data directory), then a restart on the database that start left behind.
    const runs: Record<StartKind, Partial<Record<Column, BotRun>>> = { fresh: {}, restart: {} };
    for (const kind of ctx.shortlistKinds) {
      const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });
      await withCleanup('temp DATA_DIR', mkdtempSync(join(tmpdir(), 'shortlist-bench-')), removeDir, async (dataDir) => {
        const env: Record<string, string> = {
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: ctx.emulator.url,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
        };
        if (kind === 'postgres') env.DATABASE_URL = await ctx.pg!.createDatabase();
        for (const start of ['fresh', 'restart'] as const) {
          const run = await runBot(env);
          ctx.log(`  ${kind} (${start}): /healthz 200 after ${run.startupMs.toFixed(0)} ms; main RSS ${mb(run.main.rssKb)}, tree ${mb(run.treeRssKb)}; exit ${run.exitCode}`);
          ctx.check(
            `bot on ${kind} (${start} start, \`${run.command}\`): exit code after SIGTERM ${run.exitCode}; process tree after 3 s idle: ` +
              run.tree.map((p) => `${p.comm} ${mb(p.rssKb)}${p.pid === run.main.pid ? ' (runs main.ts)' : ''}`).join(', '),
          );
          if (run.exitCode !== 0) throw new Error(`bot on ${kind} exited with ${run.exitCode} after SIGTERM`);
          runs[start][kind] = run;
        }
      });
    }
    const rows = (start: StartKind, label: string): Row[] => {
      const measured = Object.values(runs[start]);
      const all = (pick: (r: BotRun) => string) =>
        Object.fromEntries(columns.map(({ key }) => [key, runs[start][key] ? pick(runs[start][key]) : key === 'baseline' ? 'n/a' : notRun(key, ctx)]));
      return [
        {
          measure: `start → first \`/healthz\` 200, ${label}`,
          budget: '< 3 s',
          values: all((r) => `${(r.startupMs / 1000).toFixed(2)} s`),
          verdict: verdictOf(measured.map((r) => r.startupMs < 3000)),
        },
        {
          measure: `idle RSS of the node process running main.ts, ${label}`,
          budget: '< 150 MB',
          values: all((r) => mb(r.main.rssKb)),
          verdict: verdictOf(measured.map((r) => r.main.rssKb < 150 * 1024)),
        },
        {
          measure: `idle RSS of the whole process tree (tsx launcher + node + helpers), ${label}`,
          budget: '< 150 MB',
          values: all((r) => `${mb(r.treeRssKb)} (${r.tree.length} proc.)`),
          verdict: verdictOf(measured.map((r) => r.treeRssKb < 150 * 1024)),
        },
      ];
    };
    return [...rows('fresh', 'first start on an empty database'), ...rows('restart', 'restart on that database')];
  },
};

/** A budgeted feature that does not exist yet: recorded, not measured. */
function notBuiltYet(measure: string, budget: string): Measure {
  return {
    name: measure,
    async run(ctx) {
      ctx.log('  not built yet');
      return [{ measure, budget, values: { baseline: 'n/a', pglite: 'not built yet', postgres: 'not built yet' }, verdict: 'n/a', verdictNote: 'not built yet' }];
    },
  };
}

/** Every measure, in the order they run and appear in the table. */
export const measures: Measure[] = [
  startupAndIdleMemory,
  slashCommandAck,
  modalSubmission,
  notBuiltYet('digest compose, workspace with 100 000 items', '< 100 ms'),
  notBuiltYet('`/backlog search` over 100 000 items', '< 50 ms'),
];
