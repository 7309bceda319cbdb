import 'dotenv/config';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';
import { type Runtime, startRuntime } from './runtime.ts';
import { Sandbox, sandboxSecrets } from './sandbox/sandbox.ts';
import { SlackEmulator } from './sandbox/slack-standin.ts';

/** Any of these set means a real Slack is meant; none of them (and not production) means the sandbox. */
const slackVariables = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;

type Env = Record<string, string | undefined>;

function sandboxWanted(env: Env, argv: string[]): boolean {
  if (env.NODE_ENV === 'production') return false;
  return argv.includes('--sandbox') || slackVariables.every((name) => !env[name]?.trim());
}

function configFrom(env: Env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function onSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

// The composition root: config → logger → database → app → HTTP server; and the way back down on a signal.
async function main(): Promise<void> {
  if (process.argv.includes('--sandbox') && process.env.NODE_ENV === 'production') {
    process.stderr.write('Configuration error: the sandbox never runs with NODE_ENV=production.\n');
    process.exit(1);
  }
  if (sandboxWanted(process.env, process.argv)) return sandbox(process.env);
  const config = configFrom(process.env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  const runtime = await startRuntime({ config, database, logger });
  onSignals(logger, async () => {
    await runtime.stop();
    await database.close();
  });
}

/**
 * Sandbox mode: the Slack stand-in on 127.0.0.1 and the real bot configured against it, on PGlite in
 * DATA_DIR/sandbox (its own data, apart from a real install's). Reset stops the bot, deletes that data and starts again.
 */
async function sandbox(env: Env): Promise<void> {
  const dir = join(env.DATA_DIR?.trim() || './.data', 'sandbox');
  const dataDir = join(dir, 'db');
  mkdirSync(dir, { recursive: true });
  const emulator = await new SlackEmulator().start();
  const secrets = sandboxSecrets();
  const real = Object.fromEntries(slackVariables.map((name) => [name, undefined]));
  const config = configFrom({
    ...env,
    ...real,
    SLACK_STATE_SECRET: undefined,
    DATABASE_URL: undefined,
    SLACK_BOT_TOKEN: secrets.botToken,
    SLACK_SIGNING_SECRET: secrets.signingSecret,
    SLACK_API_URL: emulator.url,
    DATA_DIR: dataDir,
    // One line for the person who ran it; LOG_LEVEL=info shows the bot's logs too.
    LOG_LEVEL: env.LOG_LEVEL?.trim() || 'warn',
  });
  const logger = createLogger(config.logLevel);
  let database: Database | undefined;
  let runtime: Runtime | undefined;
  let port = config.port;
  const up = async () => {
    database = await openDatabase({ kind: 'pglite', dataDir });
    runtime = await startRuntime({ config: { ...config, port }, database, logger, host: '127.0.0.1', sandbox: (req, res, path) => page.handle(req, res, path) });
    port = runtime.port;
  };
  const down = async () => {
    await runtime?.stop(2000);
    await database?.close();
    runtime = undefined;
    database = undefined;
  };
  let resetting: Promise<void> | undefined;
  const page: Sandbox = new Sandbox({
    emulator,
    dir,
    signingSecret: secrets.signingSecret,
    botUrl: () => `http://127.0.0.1:${port}`,
    assets: fileURLToPath(new URL('../dist/', import.meta.url)),
    // Answered first, then done: stopping the bot closes the connection the reset came on.
    reset: async () => {
      resetting ??= new Promise<void>((resolve) => setTimeout(resolve, 50))
        .then(down)
        .then(() => {
          page.forget();
          emulator.reset();
          emulator.responseTargets.clear();
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(dir, { recursive: true });
          page.save();
        })
        .then(up)
        .catch((error: unknown) => logger.error({ err: error }, 'sandbox reset failed'))
        .finally(() => {
          resetting = undefined;
        });
    },
  });
  await up();
  // Listening for signals before the line goes out: whoever reads it may stop the sandbox at once, and a SIGTERM
  // that came before the handler would end the process without saving.
  onSignals(logger, async () => {
    await resetting;
    await down();
    page.save();
    await emulator.close();
  });
  process.stdout.write(`Shortlist sandbox: open http://localhost:${port}/sandbox (no Slack needed). To connect a real Slack, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see README).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Shortlist failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
