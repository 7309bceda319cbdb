import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { createHttpServer } from './http/server.ts';
import type { Logger } from './logger.ts';

export interface Runtime {
  port: number;
  url: string;
  /** Stops taking work, finishes what is in flight (up to `graceMs`), then closes the server. */
  stop(graceMs?: number): Promise<void>;
}

async function pingWithin(database: Database, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([database.ping().then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the app on an already opened database. The caller owns (and closes) the database. */
export async function startRuntime({
  config,
  database,
  logger,
}: {
  config: Pick<Config, 'slack' | 'port'>;
  database: Database;
  logger: Logger;
}): Promise<Runtime> {
  const { app, httpReceiver, inFlight } = createApp({ slack: config.slack, database, logger });
  let draining = false;
  const server = createHttpServer({
    receiver: httpReceiver,
    healthy: () => pingWithin(database, 1000).catch(() => false),
    draining: () => draining,
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '0.0.0.0', () => resolve());
  });
  if (!httpReceiver) await app.start();
  const { port } = server.address() as AddressInfo;
  logger.info({ port, mode: httpReceiver ? 'http' : 'socket', database: database.kind }, 'shortlist is up');

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop(graceMs = 10_000) {
      draining = true;
      if (!httpReceiver) await app.stop().catch((error: unknown) => logger.warn({ err: error }, 'socket mode stop failed'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = await inFlight.drained(graceMs);
      if (!finished) logger.warn({ inFlight: inFlight.size }, 'shutdown grace period over with work still in flight');
      server.closeAllConnections();
      await closed;
    },
  };
}
