import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../src/db/client.ts';
import { withCleanup } from './cleanup.ts';
import { percentile } from './load.ts';
import type { BenchContext } from './report.ts';

const WARMUP_RUNS = 3;

export interface Timing {
  p50: number;
  p99: number;
  max: number;
}

/** `work` run `runs` times after a few warm-ups, one at a time: nearest-rank percentiles of its durations. */
export async function timed(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARMUP_RUNS; i += 1) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.at(-1)! };
}

/** `measure` on a new database of each kind the run measures (PGlite in a temp DATA_DIR, a new PostgreSQL database), each closed and removed afterwards. */
export async function onEachDatabase<T>(ctx: BenchContext, label: string, measure: (kind: 'pglite' | 'postgres', database: Database) => Promise<T>): Promise<Partial<Record<'pglite' | 'postgres', T>>> {
  const results: Partial<Record<'pglite' | 'postgres', T>> = {};
  for (const kind of ctx.shortlistKinds) {
    await withCleanup(`${label} DATA_DIR`, mkdtempSync(join(tmpdir(), 'shortlist-large-')), (dir) => rmSync(dir, { recursive: true, force: true }), async (dir) => {
      const database = await openDatabase(kind === 'postgres' ? { kind, url: await ctx.pg!.createDatabase() } : { kind, dataDir: join(dir, 'data') });
      await withCleanup(`${kind} ${label} database`, database, (db) => db.close(), async () => {
        results[kind] = await measure(kind, database);
      });
    });
  }
  return results;
}
