import type { Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../src/runtime.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from './db.ts';
import { SIGNING_SECRET } from '../../src/sandbox/deliver.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';

export const BOT_TOKEN = 'xoxb-test-token';

export interface Harness {
  database: TestDatabase;
  emulator: SlackEmulator;
  /** Replaceable: a test may stop it and start another on the same database. */
  runtime: Runtime;
  appUrl: string;
  stop(): Promise<void>;
}

export function testConfig(emulator: SlackEmulator, overrides: Partial<Config['slack']> = {}): Pick<Config, 'slack' | 'port'> {
  return {
    slack: {
      mode: { kind: 'single', botToken: BOT_TOKEN },
      signingSecret: SIGNING_SECRET,
      appToken: undefined,
      apiUrl: emulator.url,
      ...overrides,
    },
    port: 0,
  };
}

export const testLogger = () => createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** Short outbox delays and no cron jobs: tests run jobs themselves, with a clock they choose. */
export const fastRuntime: Partial<RuntimeOptions> = { outbox: { baseDelayMs: 20, maxDelayMs: 500, pollMs: 50 }, jobs: [] };

/** The whole app on a real port, a fresh database of `kind`, and a Slack API emulator behind it. */
export async function startHarness(kind: DbKind, options: Partial<RuntimeOptions> = {}, slack: Partial<Config['slack']> = {}): Promise<Harness> {
  const emulator = await startSlackEmulator();
  const database = await createTestDatabase(kind);
  const runtime = await startRuntime({ config: testConfig(emulator, slack), database, logger: testLogger(), ...fastRuntime, ...options });
  const harness: Harness = {
    database,
    emulator,
    runtime,
    appUrl: runtime.url,
    stop: async () => {
      await harness.runtime.stop(2000);
      await database.drop();
      await emulator.close();
    },
  };
  return harness;
}
