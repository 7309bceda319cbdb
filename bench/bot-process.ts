import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The command `npm start` runs (package.json `scripts.start`), without npm in between: `node …` runs this
 * Node binary, any other program is taken from node_modules/.bin (e.g. `tsx src/main.ts`).
 */
export function startCommand(): { file: string; args: string[]; script: string } {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script || /[|&;<>$`"'\\]/.test(script)) throw new Error(`cannot run the start script without a shell: ${JSON.stringify(script)}`);
  const [program, ...args] = script.trim().split(/\s+/);
  if (program === 'node') return { file: process.execPath, args, script };
  const bin = fileURLToPath(new URL(`../node_modules/.bin/${program}`, import.meta.url));
  if (!existsSync(bin)) throw new Error(`start script runs ${program}, not found in node_modules/.bin`);
  return { file: bin, args, script };
}

/** A port nothing listens on right now (the OS picks it; the bot binds it a moment later). */
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
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid, comm, cmdline, rssKb: rss ? Number(rss[1]) : 0 };
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

export interface BotRun {
  /** The start script that was run. */
  command: string;
  startupMs: number;
  /** The node process that runs src/main.ts (with a launcher such as the tsx CLI: its child). */
  main: ProcInfo;
  tree: ProcInfo[];
  treeRssKb: number;
  exitCode: number | null;
}

/**
 * Spawns the bot the way `npm start` does, times process start → first `/healthz` 200 (polled every 20 ms),
 * lets it idle, reads RSS from /proc, then stops it with SIGTERM.
 */
export async function runBot(env: Record<string, string>, { idleMs = 3000, startTimeoutMs = 30_000 } = {}): Promise<BotRun> {
  const port = await freePort();
  const command = startCommand();
  const started = performance.now();
  const child: ChildProcess = spawn(command.file, command.args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const pid = child.pid;
  const killTree = () => {
    if (exitCode !== undefined || pid === undefined) return;
    // Only the processes this run started: the tsx pid and its descendants.
    for (const p of processTree(pid).reverse()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const forget = onCleanup('bot process', killTree);
  try {
    if (pid === undefined) throw new Error('could not spawn the bot');
    let startupMs: number | undefined;
    while (startupMs === undefined) {
      if (exitCode !== undefined) throw new Error(`bot exited with ${exitCode} before /healthz answered: ${output}`);
      if (performance.now() - started > startTimeoutMs) throw new Error(`bot did not answer /healthz within ${startTimeoutMs} ms: ${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(500) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) startupMs = performance.now() - started;
      else await sleep(20);
    }
    await sleep(idleMs);
    const tree = processTree(pid);
    // The deepest process whose command line names main.ts: the launcher's child, or the spawned process itself.
    const runsMain = tree.filter((p) => p.cmdline.includes('src/main.ts'));
    const main = runsMain.find((p) => !runsMain.some((other) => other.ppid === p.pid));
    if (!main) throw new Error(`could not find the node process running src/main.ts under pid ${pid}: ${JSON.stringify(tree)}`);
    const treeRssKb = tree.reduce((sum, p) => sum + p.rssKb, 0);

    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') throw new Error(`bot did not exit within 15 s of SIGTERM: ${output}`);
    return { command: command.script, startupMs, main, tree, treeRssKb, exitCode: code };
  } finally {
    forget();
    if (exitCode === undefined) {
      killTree();
      await Promise.race([exited, sleep(5000)]);
    }
  }
}
