import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SlackEmulator } from '../src/sandbox/slack-standin.ts';
import type { PostgresServer } from './postgres.ts';
import type { TargetKind } from './targets.ts';

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

/** One measure: runs, and returns its rows of the results table. */
export interface Measure {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const notRun = (kind: Column, ctx: BenchContext) => (kind === 'postgres' && !ctx.pg ? 'not run (no PostgreSQL server)' : 'n/a');

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

export function verdictOf(checks: boolean[]): Verdict {
  if (checks.length === 0) return 'n/a';
  return checks.every(Boolean) ? 'meets' : 'misses';
}

/** One value per column: `pick` where there is a result, else why there is none. */
export function cells<T>(ctx: BenchContext, from: Partial<Record<Column, T>>, pick: (result: T) => string): Partial<Record<Column, string>> {
  return Object.fromEntries(columns.map(({ key }) => [key, from[key] !== undefined ? pick(from[key]!) : notRun(key, ctx)]));
}

/** Waits until the emulator has seen at least `n` calls of `method` (the work the app does after its ack). */
export async function waitForCalls(emulator: SlackEmulator, method: string, n: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = emulator.callsTo(method).length;
    if (seen >= n) return seen;
    if (Date.now() > deadline) throw new Error(`emulator saw ${seen} ${method} calls, expected ${n}, within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** CPU used by a target process during `work`, in % of one core. */
export async function withCpu<T>(cpuSeconds: () => number, work: () => Promise<T>): Promise<{ result: T; cpuPercent: number }> {
  const before = cpuSeconds();
  const started = performance.now();
  const result = await work();
  return { result, cpuPercent: ((cpuSeconds() - before) / ((performance.now() - started) / 1000)) * 100 };
}

/** Busy time of the whole machine (all cores) from /proc/stat, in jiffies. */
function machineTicks(): { busy: number; total: number } {
  const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = line!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** How busy the whole machine was during `work`, in % of all its cores. */
export async function withMachineLoad<T>(work: () => Promise<T>): Promise<{ result: T; machinePercent: number }> {
  const before = machineTicks();
  const result = await work();
  const after = machineTicks();
  return { result, machinePercent: ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100 };
}
