import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The command `npm start` runs (package.json `scripts.start`), without npm in between (npm's own
 * `prestart` build is done by the bench once, before anything is started).
 */
export function startCommand(): { file: string; args: string[]; script: string; entry: string } {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script || /[|&;<>$`"'\\]/.test(script)) throw new Error(`cannot run the start script without a shell: ${JSON.stringify(script)}`);
  const [program, ...args] = script.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`the start script runs ${program}, expected node`);
  const entry = args.find((arg) => /\.(m?js|ts)$/.test(arg));
  if (!entry) throw new Error(`no entry file in the start script: ${script}`);
  return { file: process.execPath, args, script, entry };
}

/** A port nothing listens on right now (the OS picks it; the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  rssKb: number;
  /** User + system CPU time so far, in seconds. */
  cpuSeconds: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    // fields[0] is the state; utime and stime are fields 14 and 15 of the whole line.
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    return { pid, ppid: Number(fields[1]), comm, cmdline, rssKb: rss ? Number(rss[1]) : 0, cpuSeconds };
  } catch {
    return undefined; // the process went away while we looked
  }
}

/** `rootPid` and all its descendants, found through the parent pid in /proc/<pid>/stat. */
export function processTree(rootPid: number): ProcInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((info): info is ProcInfo => info !== undefined);
  const tree: ProcInfo[] = [];
  const queue = [rootPid];
  while (queue.length > 0 && tree.length < 1000) {
    const pid = queue.shift()!;
    const info = all.find((p) => p.pid === pid);
    if (!info) continue;
    tree.push(info);
    for (const child of all) if (child.ppid === pid) queue.push(child.pid);
  }
  return tree;
}

export interface ServerProcess {
  label: string;
  url: string;
  pid: number;
  /** Spawn → first `/healthz` 200, polled every 20 ms. */
  startupMs: number;
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after `timeoutMs`, and an error). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Settles when the process exits, however it ends: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (the process and anything it started), then how it exited. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a server process with exactly `env` (plus PORT) and waits until its `/healthz` answers 200. */
export async function spawnServer(label: string, file: string, args: string[], env: Record<string, string>, startTimeoutMs = 30_000): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(file, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DOTENV_CONFIG_PATH: '/nonexistent/.env', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitCode: number | null | undefined;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code;
      resolve({ code, signal });
    }),
  );
  const exited = ended.then(({ code }) => code);
  const pid = child.pid;
  const kill = () => {
    if (exitCode !== undefined || pid === undefined) return;
    for (const p of processTree(pid).reverse()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const forget = onCleanup(label, kill);
  const url = `http://127.0.0.1:${port}`;
  try {
    if (pid === undefined) throw new Error(`${label}: could not spawn`);
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${label} exited with ${exitCode} before /healthz answered: ${output}`);
      if (performance.now() - started > startTimeoutMs) throw new Error(`${label} did not answer /healthz within ${startTimeoutMs} ms: ${output}`);
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(500) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) break;
      await sleep(20);
    }
  } catch (error) {
    forget();
    kill();
    throw error;
  }
  const startupMs = performance.now() - started;
  return {
    label,
    url,
    pid,
    startupMs,
    output: () => output,
    async stop(timeoutMs = 15_000) {
      if (exitCode === undefined) child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(timeoutMs).then(() => 'timeout' as const)]);
      forget();
      if (code === 'timeout') {
        kill();
        throw new Error(`${label} did not exit within ${timeoutMs} ms of SIGTERM: ${output}`);
      }
      return code;
    },
    exited: ended,
    async kill() {
      kill();
      const how = await ended;
      forget();
      return how;
    },
  };
}

export interface BotRun {
  /** The start script that was run. */
  command: string;
  startupMs: number;
  /** The process that runs the entry file of the start script. */
  main: ProcInfo;
  tree: ProcInfo[];
  treeRssKb: number;
  exitCode: number | null;
}

/** Starts the bot the way `npm start` does, lets it idle, reads its RSS from /proc, then stops it with SIGTERM. */
export async function runBot(env: Record<string, string>, { idleMs = 3000 } = {}): Promise<BotRun> {
  const command = startCommand();
  const server = await spawnServer('bot process', command.file, command.args, env);
  try {
    await sleep(idleMs);
    const tree = processTree(server.pid);
    const main = tree.find((p) => p.cmdline.includes(command.entry));
    if (!main) throw new Error(`no process running ${command.entry} under pid ${server.pid}: ${JSON.stringify(tree)}`);
    const exitCode = await server.stop();
    return { command: command.script, startupMs: server.startupMs, main, tree, treeRssKb: tree.reduce((sum, p) => sum + p.rssKb, 0), exitCode };
  } catch (error) {
    await server.stop(1000).catch(() => undefined);
    throw error;
  }
}
