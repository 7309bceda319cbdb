import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The port from the "shortlist is up" log line (sandbox mode: from its one line). */
  ready: Promise<number>;
  exited: Promise<number | null>;
}

/**
 * Runs the bot the way `npm start` does (the bundle test/global-setup.ts built, one process, so signals
 * reach it directly), with exactly `env` (no .env file is read from a test's cwd).
 */
export function startBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.mjs'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DOTENV_CONFIG_PATH: '/nonexistent/.env', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /"port":(\d+)[^\n]*"msg":"shortlist is up"/.exec(out) ?? /^Shortlist sandbox: open http:\/\/localhost:(\d+)\/sandbox /m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`bot exited with ${code} before it was up: ${err}`)));
  });
  ready.catch(() => undefined);
  return { child, stdout: () => out, stderr: () => err, ready, exited };
}
