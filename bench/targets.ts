import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { type Database, openDatabase } from '../src/db/client.ts';
import { bugs, comments } from '../src/db/schema.ts';
import type { SlackEmulator } from '../src/sandbox/slack-standin.ts';
import { SIGNING_SECRET } from '../src/sandbox/deliver.ts';
import { readProc, type ServerProcess, spawnServer, startCommand } from './bot-process.ts';
import { onCleanup } from './cleanup.ts';
import type { PostgresServer } from './postgres.ts';

export type TargetKind = 'baseline' | 'pglite' | 'postgres';

/** A server under test, in a process of its own (the bench process only generates load and plays Slack). */
export interface Target {
  kind: TargetKind;
  url: string;
  /** CPU seconds the target process has used so far. */
  cpuSeconds(): number;
  /** Stops it; for Shortlist, answers how many bugs and comments its database holds afterwards (and lets `inspect` read it first). */
  stop(inspect?: (database: Database) => Promise<void>): Promise<{ bugs: number | undefined; comments?: number }>;
}

/** The fixed small modal the bare Bolt app opens. */
export const smallModal = {
  type: 'modal',
  callback_id: 'bench_modal',
  title: { type: 'plain_text', text: 'Report a bug' },
  submit: { type: 'plain_text', text: 'File bug' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'summary_block',
      label: { type: 'plain_text', text: 'Summary' },
      element: { type: 'plain_text_input', action_id: 'summary_input', max_length: 150 },
    },
  ],
};

/**
 * Node options for every Shortlist process the bench starts. BENCH_CPU_PROF=<dir>: each writes a V8 CPU
 * profile there when it stops (bench/profile-top.mjs reads it). BENCH_NODE_FLAGS="--flag …": to try a flag
 * before it goes in the start script.
 */
export function shortlistNodeFlags(): string[] {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  return [...profile, ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])];
}

const cpuOf = (server: ServerProcess) => () => readProc(server.pid)?.cpuSeconds ?? Number.NaN;

/** The bare Bolt app (bench/baseline-app.mjs) opening `view` for every `/bug`. */
export async function startBaseline(emulator: SlackEmulator, view: Record<string, unknown> = smallModal): Promise<Target> {
  const server = await spawnServer('baseline Bolt app', process.execPath, ['bench/baseline-app.mjs'], {
    SLACK_API_URL: emulator.url,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    BASELINE_VIEW: JSON.stringify(view),
  });
  return {
    kind: 'baseline',
    url: server.url,
    cpuSeconds: cpuOf(server),
    async stop() {
      await server.stop();
      return { bugs: undefined };
    },
  };
}

async function countRows(database: Database): Promise<{ bugs: number; comments: number }> {
  const [[bugRows], [commentRows]] = await Promise.all([database.db.select({ n: count() }).from(bugs), database.db.select({ n: count() }).from(comments)]);
  return { bugs: Number(bugRows?.n ?? 0), comments: Number(commentRows?.n ?? 0) };
}

/**
 * Shortlist as `npm start` runs it (the bundle, with the env it reads), on a new PGlite directory or a new
 * PostgreSQL database, talking to the emulator.
 */
export async function startShortlist(kind: 'pglite' | 'postgres', emulator: SlackEmulator, pg: PostgresServer | undefined): Promise<Target> {
  if (kind === 'postgres' && !pg) throw new Error('no PostgreSQL server');
  const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-bench-target-'));
  const forgetDir = onCleanup('target DATA_DIR', () => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = kind === 'postgres' ? await pg!.createDatabase() : undefined;
  const command = startCommand();
  const server = await spawnServer(`Shortlist on ${kind}`, command.file, [...shortlistNodeFlags(), ...command.args], {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.url,
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: join(dataDir, 'data') }),
  });
  return {
    kind,
    url: server.url,
    cpuSeconds: cpuOf(server),
    async stop(inspect?: (database: Database) => Promise<void>) {
      const code = await server.stop();
      if (code !== 0) throw new Error(`Shortlist on ${kind} exited with ${code} after SIGTERM: ${server.output()}`);
      // PGlite is one process's database: it is read once the bot has let go of it.
      const database = await openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: join(dataDir, 'data') });
      try {
        await inspect?.(database);
        return await countRows(database);
      } finally {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
        forgetDir();
      }
    },
  };
}
