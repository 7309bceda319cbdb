// `npm run bench`: measures Shortlist against the performance budget in SPEC.md and writes bench/RESULTS.md.
// A benchmark, not a test: a missed budget is reported, never an exit code. It exits non-zero only when the
// benchmark itself breaks (a target does not start, a request fails), after cleaning up.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type SlackEmulator, startSlackEmulator } from '../test/support/slack-emulator.ts';
import { cleanUpAll, onCleanup } from './cleanup.ts';
import { type BenchContext, columns, measures, type Row } from './measures.ts';
import { findPostgres, type PostgresServer } from './postgres.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
/** The whole run is bounded: past this, it cleans up and gives up. */
const WATCHDOG_MS = 4 * 60_000;
const CLEANUP_STEP_MS = 20_000;

let finishing = false;

async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await cleanUpAll(CLEANUP_STEP_MS);
  }
  process.exit(code);
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
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => {
      const verdict = row.verdictNote ? `${row.verdict} (${row.verdictNote})` : row.verdict;
      const cells = [row.measure, row.budget, ...columns.map((c) => row.values[c.key] ?? 'n/a'), verdict];
      return `| ${cells.map(escape).join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

const howMeasured = `## How measured

Everything runs in one \`npm run bench\` process on 127.0.0.1: a local Slack Web API emulator
(\`test/support/slack-emulator.ts\`), the target app, and the load generator (autocannon, in the same
Node process, so on this machine load generator, app and emulator share its event loop; PostgreSQL runs
as its own server). Every request is a real HTTP POST to \`/slack/events\` signed like Slack's, with a
fresh timestamp per request. Each target starts fresh, gets a ${'2 s'} warm-up with the same load, then
the measured run. **\`/bug\` ack**: 10 connections as fast as answers come for 10 s; latency is the time
to the ack (the HTTP response), and the run only counts when the emulator afterwards saw one
\`views.open\` per ack. The baseline is a bare Bolt app (default HTTPReceiver) that acks \`/bug\` and
opens a fixed one-field modal; Shortlist runs through \`startRuntime\` (src/runtime.ts) on a fresh
in-memory PGlite or a fresh, randomly named PostgreSQL database (dropped afterwards). **Submission**:
the bug modal Shortlist opened, submitted with valid values, a new view id per request and four team
ids, at autocannon \`overallRate: 100\` over 10 connections (autocannon releases each second's quota at
the start of the second, so arrivals come in bursts of up to 10 concurrent requests, harsher than evenly
spaced ones); latency is the time to the ack, which comes after the bug is committed, and the bugs
table is counted afterwards. Percentiles are nearest-rank over the exact per-request latencies of 2xx
answers (autocannon's own histogram rounds to whole milliseconds and applies coordinated-omission
correction under a fixed rate, so it is not used). **Start-up / idle memory**: the real bot spawned as
\`npm start\` runs it (\`node_modules/.bin/tsx src/main.ts\`, fresh \`DATA_DIR\` or a fresh PostgreSQL
database, so start-up includes the migrations; tsx's compile cache is warm), \`/healthz\` polled every
20 ms from spawn; after 3 s idle, VmRSS from /proc of the node process that runs main.ts (the child of
the tsx launcher) and of the whole process tree; then SIGTERM. One run per measure: p99 over ~10 s on
a 2-core machine moves by tens of percent between runs, so read a narrow miss or meet with care.
`;

async function main(): Promise<void> {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    console.error(`bench: did not finish within ${WATCHDOG_MS / 1000} s; giving up`);
    void finish(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void finish(130));

  const emulator: SlackEmulator = await startSlackEmulator();
  onCleanup('Slack emulator', () => emulator.close());
  const pg = await findPostgres();
  if (pg) onCleanup('PostgreSQL bench databases', () => pg.close());

  const checks: string[] = [];
  const ctx: BenchContext = {
    emulator,
    pg,
    shortlistKinds: pg ? ['pglite', 'postgres'] : ['pglite'],
    log: (line) => console.log(line),
    check: (line) => checks.push(line),
  };
  console.log(`bench: PostgreSQL ${pg ? `${pg.version} at ${new URL(pg.url).host}` : 'not available; PGlite only'}`);

  const rows: Row[] = [];
  for (const measure of measures) {
    const t = performance.now();
    console.log(`\n== ${measure.name}`);
    rows.push(...(await measure.run(ctx)));
    console.log(`   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }

  const elapsed = (performance.now() - started) / 1000;
  const date = new Date().toISOString();
  const report = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); budgets from SPEC.md "Performance budget". Numbers from one run.',
    '',
    `- date: ${date}`,
    ...machine(pg),
    `- bench wall time: ${elapsed.toFixed(0)} s`,
    '',
    table(rows),
    '',
    howMeasured,
    '## Checks made during the run',
    '',
    ...checks.map((line) => `- ${line}`),
    '',
  ].join('\n');
  writeFileSync(RESULTS, report);
  console.log(`\n${table(rows)}\n`);
  for (const line of checks) console.log(`check: ${line}`);
  console.log(`\nbench: wrote ${RESULTS} in ${elapsed.toFixed(0)} s`);
  clearTimeout(watchdog);
}

main().then(
  () => finish(0),
  (error: unknown) => {
    console.error(`bench: broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return finish(1);
  },
);
