/**
 * The newcomer's start: a fresh clone of this checkout's HEAD, `npm ci`, then `npm start` with no `.env` and no
 * Slack variable, timed from spawning `npm start` to the first 200 for GET /sandbox with its script
 * (/sandbox/sandbox.js) answering 200 too. The first start is on no data (the sandbox's database is copied in
 * from the template `npm ci` prepared); the later ones restart on the data it left. Prints one markdown row.
 *
 *   npx tsx bench/sandbox-start.ts [restarts=4]
 *
 * The budget: under 5 s. Everything runs on 127.0.0.1; the clone is deleted afterwards.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BUDGET_MS = 5000;
const GIVE_UP_MS = 60_000;
const restarts = Number(process.argv[2] ?? 4);
const repo = fileURLToPath(new URL('..', import.meta.url));

/** A port nobody listens on now (the sandbox is told it through PORT, so it can be polled from the first moment). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ok = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.status === 200,
    () => false,
  );

/** The environment less every Slack variable and NODE_ENV, as on a fresh machine. */
function newcomerEnv(port: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SLACK_') && name !== 'NODE_ENV' && name !== 'DATA_DIR' && name !== 'DATABASE_URL'));
  return { ...env, PORT: String(port) };
}

/** `npm start` in `dir` until the page and its script answer 200: the milliseconds it took. */
async function timeStart(dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  // Its own process group, so the stop reaches npm and the bot it runs (and nothing else).
  const child: ChildProcess = spawn('npm', ['start', '--silent'], { cwd: dir, env: newcomerEnv(port), stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (await ok(`http://127.0.0.1:${port}/sandbox`)) {
        const elapsed = performance.now() - started;
        if (!(await ok(`http://127.0.0.1:${port}/sandbox/sandbox.js`))) throw new Error('the page answered but its script did not');
        return elapsed;
      }
      if (performance.now() - started > GIVE_UP_MS || child.exitCode !== null) throw new Error(`npm start never served /sandbox (exit ${child.exitCode})`);
      await sleep(20);
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const clone = mkdtempSync(join(tmpdir(), 'shortlist-clone-'));
try {
  execFileSync('git', ['clone', '--quiet', repo, clone], { stdio: 'inherit' });
  const ci = performance.now();
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: clone, stdio: 'ignore' });
  const ciMs = performance.now() - ci;
  const first = await timeStart(clone);
  const later: number[] = [];
  for (let i = 0; i < restarts; i += 1) later.push(await timeStart(clone));
  later.sort((a, b) => a - b);
  const median = later[Math.floor(later.length / 2)] ?? Number.NaN;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log('| machine | npm ci | first npm start → /sandbox 200 | restarts (median of n) | budget |');
  console.log('|---|---|---|---|---|');
  console.log(`| ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version} | ${s(ciMs)} | ${s(first)} | ${s(median)} (n=${later.length}) | ${first < BUDGET_MS && median < BUDGET_MS ? 'met' : 'MISSED'} (< 5 s) |`);
} finally {
  rmSync(clone, { recursive: true, force: true });
}
