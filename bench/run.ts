// `npm run bench`: measures Shortlist against the performance budget in docs/product.md and writes bench/RESULTS.md.
// A benchmark, not a test: a missed budget is reported, never an exit code. It exits non-zero only when the
// benchmark itself breaks (a target does not start, a request fails), after cleaning up.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type SlackEmulator, startSlackEmulator } from '../src/sandbox/slack-standin.ts';
import { cleanUpAll, onCleanup } from './cleanup.ts';
import { measures } from './measures.ts';
import { howMeasured } from './how-measured.ts';
import { type BenchContext, columns, type Row } from './report.ts';
import { findPostgres, type PostgresServer } from './postgres.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
/** The whole run is bounded: past this, it cleans up and gives up (the measures take ~12 min on 2 cores, the fault run 3 of them). */
const WATCHDOG_MS = 25 * 60_000;
const CLEANUP_STEP_MS = 20_000;

let cleaning: Promise<void> | undefined;

/** Cleans up once (later callers wait for the same cleanup), then exits. */
async function finish(code: number): Promise<never> {
  cleaning ??= cleanUpAll(CLEANUP_STEP_MS);
  await cleaning;
  process.exit(code);
}

/**
 * A fixed CPU-bound task (SHA-256 of 1 KiB, repeatedly, for a second): how fast this machine was at the
 * start and end of the run. A shared VM's speed drifts; compare runs by this before comparing latencies.
 */
function calibrate(): number {
  const data = Buffer.alloc(1024, 7);
  const until = performance.now() + 1000;
  let n = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i += 1) createHash('sha256').update(data).digest();
    n += 100;
  }
  return n;
}

function machine(pg: PostgresServer | undefined): string[] {
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return [
    `- CPU: ${model}, ${cpus().length} cores`,
    `- memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node ${process.version}`,
    `- PostgreSQL: ${pg ? `server ${pg.version}` : 'no server answered; PostgreSQL columns not run'}`,
  ];
}

function table(rows: Row[]): string {
  const header = ['measure', 'budget', ...columns.map((c) => c.title), 'verdict'];
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => {
      const verdict = row.verdictNote ? `${row.verdict} (${row.verdictNote})` : row.verdict;
      const cells = [row.measure, row.budget, ...columns.map((c) => row.values[c.key] ?? 'n/a'), verdict];
      return `| ${cells.map(escapeCell).join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

/** The hand-written part of RESULTS.md (what the numbers mean, why a budget is missed): kept across runs. */
const NOTES_HEADING = '## Notes';

function keptNotes(): string {
  try {
    const previous = readFileSync(RESULTS, 'utf8');
    const at = previous.indexOf(`\n${NOTES_HEADING}`);
    return at >= 0 ? previous.slice(at + 1).trimEnd() : `${NOTES_HEADING}\n\n(none yet)`;
  } catch {
    return `${NOTES_HEADING}\n\n(none yet)`;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    console.error(`bench: did not finish within ${WATCHDOG_MS / 1000} s; giving up`);
    void finish(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  // A terminal's Ctrl-C reaches both tsx and this process (tsx relays it too): every signal after the
  // first is absorbed, so the cleanup it started runs to its end (each step is bounded).
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      console.error(`bench: ${signal}; cleaning up`);
      void finish(130);
    });
  }

  // `npm start` builds the bundle first (prestart); the bench runs the start command without npm, so it builds.
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });

  const emulator: SlackEmulator = await startSlackEmulator();
  onCleanup('Slack emulator', () => emulator.close());
  const pg = await findPostgres();
  if (pg) onCleanup('PostgreSQL bench databases', () => pg.close());

  const checks: string[] = [];
  const ctx: BenchContext = {
    emulator,
    pg,
    // BENCH_KINDS=postgres (or pglite): only that database's Shortlist column (while working on one).
    shortlistKinds: (pg ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter((kind) => !process.env.BENCH_KINDS || process.env.BENCH_KINDS.split(',').includes(kind)),
    log: (line) => console.log(line),
    check: (line) => checks.push(line),
  };
  console.log(`bench: PostgreSQL ${pg ? `${pg.version} at ${new URL(pg.url).host}` : 'not available; PGlite only'}`);

  const speedBefore = calibrate();
  const rows: Row[] = [];
  const speeds: string[] = [];
  // BENCH_ONLY=<words> runs only the measures whose name contains them (while working on one); RESULTS.md
  // is then left alone.
  const only = process.env.BENCH_ONLY;
  for (const measure of measures.filter((m) => !only || m.name.includes(only))) {
    const t = performance.now();
    const speed = calibrate();
    speeds.push(`${measure.name}: ${speed.toLocaleString('en')}`);
    console.log(`\n== ${measure.name} (machine speed ${speed.toLocaleString('en')})`);
    try {
      rows.push(...(await measure.run(ctx)));
    } catch (error) {
      // A measure that breaks says so in the table, and the others still run.
      const reason = error instanceof Error ? error.message : String(error);
      console.log(`bench: ${measure.name} broke: ${reason}`);
      rows.push({ measure: measure.name, budget: '–', values: {}, verdict: 'misses', verdictNote: `broke: ${reason}` });
    }
    console.log(`   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }

  const speedAfter = calibrate();
  const elapsed = (performance.now() - started) / 1000;
  const notes = keptNotes();
  const date = new Date().toISOString();
  const report = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); budgets from docs/product.md "Performance budget". Numbers from one run.',
    '',
    `- date: ${date}`,
    ...machine(pg),
    `- bench wall time: ${elapsed.toFixed(0)} s`,
    `- machine speed (SHA-256 of 1 KiB, one core, for a second): ${speedBefore.toLocaleString('en')} at the start, ${speedAfter.toLocaleString('en')} at the end; before each measure: ${speeds.join('; ')}`,
    '',
    table(rows),
    '',
    howMeasured,
    '## Checks made during the run',
    '',
    ...checks.map((line) => `- ${line}`),
    '',
    notes,
    '',
  ].join('\n');
  if (only) console.log(`bench: BENCH_ONLY is set; ${RESULTS} left as it was`);
  else writeFileSync(RESULTS, report);
  console.log(`\n${table(rows)}\n`);
  for (const line of checks) console.log(`check: ${line}`);
  console.log(`\nbench: ${only ? 'done (RESULTS.md left as it was)' : `wrote ${RESULTS}`} in ${elapsed.toFixed(0)} s`);
  clearTimeout(watchdog);
}

main().then(
  () => finish(0),
  (error: unknown) => {
    console.error(`bench: broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return finish(1);
  },
);
