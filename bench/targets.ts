import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { count } from 'drizzle-orm';
import { type Database, openDatabase } from '../src/db/client.ts';
import { bugs } from '../src/db/schema.ts';
import { createLogger } from '../src/logger.ts';
import { startRuntime } from '../src/runtime.ts';
import { testConfig } from '../test/support/harness.ts';
import type { SlackEmulator } from '../test/support/slack-emulator.ts';
import { SIGNING_SECRET } from '../test/support/slack-requests.ts';
import type { PostgresServer } from './postgres.ts';

export type TargetKind = 'baseline' | 'pglite' | 'postgres';

export interface Target {
  kind: TargetKind;
  url: string;
  /** Shortlist targets only. */
  database?: Database;
  stop(): Promise<void>;
}

/** The fixed small modal the bare Bolt app opens. */
const baselineModal = {
  type: 'modal' as const,
  callback_id: 'bench_modal',
  title: { type: 'plain_text' as const, text: 'Report a bug' },
  submit: { type: 'plain_text' as const, text: 'File bug' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'summary_block',
      label: { type: 'plain_text' as const, text: 'Summary' },
      element: { type: 'plain_text_input' as const, action_id: 'summary_input', max_length: 150 },
    },
  ],
};

/** A bare Bolt app (default HTTPReceiver) that acks `/bug` and opens a fixed modal: the yardstick. */
export async function startBaseline(emulator: SlackEmulator, view: Record<string, unknown> = baselineModal): Promise<Target> {
  const app = new App({
    token: 'xoxb-bench',
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.url, retryConfig: { retries: 0 } },
  });
  app.command('/bug', async ({ ack, client, command }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: view as unknown as ModalView });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    kind: 'baseline',
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await app.stop();
    },
  };
}

/** Shortlist as the tests run it: the real runtime on a fresh, migrated database. */
export async function startShortlist(kind: 'pglite' | 'postgres', emulator: SlackEmulator, pg: PostgresServer | undefined): Promise<Target> {
  if (kind === 'postgres' && !pg) throw new Error('no PostgreSQL server');
  const database =
    kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: await pg!.createDatabase() })
      : await openDatabase({ kind: 'pglite', dataDir: undefined });
  try {
    const runtime = await startRuntime({ config: testConfig(emulator), database, logger: createLogger('silent') });
    return {
      kind,
      url: runtime.url,
      database,
      async stop() {
        try {
          await runtime.stop(5000);
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function countBugs(database: Database): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(bugs);
  return Number(row?.n ?? 0);
}
