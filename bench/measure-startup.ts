import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, PGLITE_START_PARAMS } from '../src/db/client.ts';
import { SIGNING_SECRET } from '../src/sandbox/deliver.ts';
import { readProc, runBot, spawnServer } from './bot-process.ts';
import { withCleanup } from './cleanup.ts';
import { cells, type Column, mb, type Measure, type Row, verdictOf } from './report.ts';
import { smallModal } from './targets.ts';

type StartKind = 'fresh' | 'restart';
interface Idle {
  startupMs: number;
  rssKb: number;
}

const IDLE_MS = 3000;

/** A server process started, left idle, measured and stopped: the bare Bolt app, or the PGlite floor. */
async function idleProcess(label: string, args: string[], env: Record<string, string>): Promise<Idle> {
  const server = await spawnServer(label, process.execPath, args, env);
  await sleep(IDLE_MS);
  const rssKb = readProc(server.pid)?.rssKb ?? Number.NaN;
  await server.stop();
  return { startupMs: server.startupMs, rssKb };
}

/** Node + PGlite and nothing else, on a database the bot created (so the same files, the same settings). */
async function pgliteFloor(dataDir: string): Promise<Idle> {
  return withCleanup('PGlite floor copy', mkdtempSync(join(tmpdir(), 'shortlist-floor-')), (dir) => rmSync(dir, { recursive: true, force: true }), async (dir) => {
    cpSync(dataDir, dir, { recursive: true });
    return idleProcess('PGlite floor', ['bench/pglite-floor.mjs', dir, JSON.stringify(PGLITE_START_PARAMS)], {});
  });
}

export const startupAndIdleMemory: Measure = {
  name: 'start-up time and idle memory of the real bot (npm start)',
  async run(ctx) {
    // Per database kind: a first start on an empty database (creates it and runs every migration), then a
    // restart on the database that start left behind.
    const runs: Record<StartKind, Partial<Record<Column, Idle>>> = { fresh: {}, restart: {} };
    let floor: Idle | undefined;
    for (const kind of ctx.shortlistKinds) {
      await withCleanup('temp DATA_DIR', mkdtempSync(join(tmpdir(), 'shortlist-bench-')), (dir) => rmSync(dir, { recursive: true, force: true }), async (dir) => {
        const dataDir = join(dir, 'data');
        const env: Record<string, string> = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: ctx.emulator.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
        if (kind === 'postgres') env.DATABASE_URL = await ctx.pg!.createDatabase();
        for (const start of ['fresh', 'restart'] as const) {
          const run = await runBot(env, { idleMs: IDLE_MS });
          ctx.log(`  ${kind} (${start}): /healthz 200 after ${run.startupMs.toFixed(0)} ms; RSS ${mb(run.main.rssKb)}; exit ${run.exitCode}`);
          ctx.check(
            `bot on ${kind} (${start} start, \`${run.command}\`): exit code after SIGTERM ${run.exitCode}; processes after ${IDLE_MS / 1000} s idle: ` +
              run.tree.map((p) => `${p.comm} ${mb(p.rssKb)}`).join(', '),
          );
          if (run.exitCode !== 0) throw new Error(`bot on ${kind} exited with ${run.exitCode} after SIGTERM`);
          runs[start][kind] = { startupMs: run.startupMs, rssKb: run.treeRssKb };
        }
        if (kind === 'pglite') {
          floor = await pgliteFloor(dataDir);
          // The bot left a working database behind: it opens, and the floor ran on the same files.
          const database = await openDatabase({ kind: 'pglite', dataDir });
          await database.close();
        }
      });
    }
    const baseline = await idleProcess('baseline Bolt app', ['bench/baseline-app.mjs'], { SLACK_API_URL: ctx.emulator.url, SLACK_SIGNING_SECRET: SIGNING_SECRET, BASELINE_VIEW: JSON.stringify(smallModal) });
    runs.fresh.baseline = baseline;
    ctx.log(`  bare Bolt app: up after ${baseline.startupMs.toFixed(0)} ms; RSS ${mb(baseline.rssKb)}; PGlite floor: RSS ${floor ? mb(floor.rssKb) : 'n/a'}`);

    const rows = (start: StartKind, label: string): Row[] => {
      const shortlist = ctx.shortlistKinds.map((kind) => runs[start][kind]!);
      const from = start === 'restart' ? { ...runs.restart, baseline: undefined } : runs.fresh;
      const values = (pick: (r: Idle) => string) => ({ ...cells(ctx, from, pick), ...(start === 'restart' ? { baseline: 'as above' } : {}) });
      return [
        { measure: `start → first \`/healthz\` 200, ${label}`, budget: '< 3 s', values: values((r) => `${(r.startupMs / 1000).toFixed(2)} s`), verdict: verdictOf(shortlist.map((r) => r.startupMs < 3000)) },
        { measure: `idle RSS after ${IDLE_MS / 1000} s, ${label}`, budget: '< 150 MB', values: values((r) => mb(r.rssKb)), verdict: verdictOf(shortlist.map((r) => r.rssKb < 150 * 1024)) },
      ];
    };
    return [
      ...rows('fresh', 'first start on an empty database'),
      ...rows('restart', 'restart on that database'),
      {
        measure: `diagnostic: idle RSS of node + PGlite alone (the same database and settings, one query, no app)`,
        budget: '–',
        values: { baseline: '–', pglite: floor ? mb(floor.rssKb) : 'n/a', postgres: '–' },
        verdict: 'n/a',
        verdictNote: "PGlite's own floor",
      },
    ];
  },
};
