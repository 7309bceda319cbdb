import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { expireNeedsInfo } from './bugs/expire-needs-info.ts';
import { runDueDigests, runOverrideDigests } from './digest/run-digests.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { flagWebhookRoute } from './http/flag-webhook.ts';
import { boltEvents } from './http/bolt-events.ts';
import { createHttpServer, type HttpDeps } from './http/server.ts';
import { flagSecretKey } from './rollouts/connection-secrets.ts';
import { type Logger, toBoltLogger } from './logger.ts';
import { createDispatcher, type DispatcherOptions } from './outbox/dispatcher.ts';
import { slackLimits } from './outbox/rate-limits.ts';
import { type Job, startScheduler } from './scheduler.ts';
import { createAuthorization } from './slack/authorization.ts';
import { forgetOldEvents } from './slack/event-dedupe.ts';
import { forgetOldStates } from './oauth/state-store.ts';

export interface Runtime {
  port: number;
  url: string;
  /** Stops taking work, finishes what is in flight (up to `graceMs`), then closes the server. */
  stop(graceMs?: number): Promise<void>;
}

export interface RuntimeOptions {
  config: Pick<Config, 'slack' | 'port'> & Partial<Pick<Config, 'digestSchedule' | 'flags' | 'outbox'>>;
  database: Database;
  logger: Logger;
  /** The time jobs see; tests move it. */
  clock?: () => Date;
  /** Outbox tuning (tests shorten the delays). */
  outbox?: Partial<Pick<DispatcherOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxAttempts' | 'pollMs' | 'leaseMs' | 'concurrency' | 'limits'>>;
  /** Sandbox mode: its page and API, served by the app's HTTP server. */
  sandbox?: HttpDeps['sandbox'];
  /** The address to listen on; default all interfaces (sandbox mode: 127.0.0.1). */
  host?: string;
  /** Scheduled jobs; default: the production schedule. Tests pass [] and run jobs themselves. */
  jobs?: Job[];
}

/** How long stopping may spend sending what is still queued. */
const FINAL_SEND_MS = 3000;
const DAY_MS = 86_400_000;

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

export function defaultJobs(database: Database, wake: () => void, digestSchedule?: string): Job[] {
  const digest: Job = digestSchedule
    ? { name: 'digest-override', schedule: digestSchedule, run: async (now, slot) => afterwards(await runOverrideDigests(database.db, now, slot), wake) }
    : { name: 'weekly-digest', schedule: '* * * * *', run: async (now) => afterwards(await runDueDigests(database.db, now), wake) };
  return [
    digest,
    {
      name: 'expire-needs-info',
      schedule: '7 * * * *',
      run: async (now) => {
        const expired = await expireNeedsInfo(database.db, now);
        if (expired > 0) wake();
        return { expired };
      },
    },
    // What is kept only to answer a retry or finish a sign-in is dropped once it cannot be needed.
    { name: 'forget-old-events', schedule: '7 * * * *', run: async (now) => ({ forgotten: await forgetOldEvents(database.db, new Date(now.getTime() - 7 * DAY_MS)) }) },
    { name: 'forget-old-oauth-states', schedule: '7 * * * *', run: async (now) => ({ forgotten: await forgetOldStates(database.db, new Date(now.getTime() - DAY_MS)) }) },
    // Nightly, when a pause of a second or two in answering bothers no one.
    { name: 'database-maintenance', schedule: '23 3 * * *', run: () => database.maintain() },
  ];
}

function afterwards<T extends { posted: string[] }>(result: T, wake: () => void): T {
  if (result.posted.length > 0) wake();
  return result;
}

/** Starts the app on an already opened database. The caller owns (and closes) the database. */
export async function startRuntime({ config, database, logger, clock = () => new Date(), outbox: outboxOptions, jobs, sandbox, host = '0.0.0.0' }: RuntimeOptions): Promise<Runtime> {
  const authorization = createAuthorization(config.slack, database, logger);
  // A configuration read from the environment (main.ts) paces the outbox to Slack's limits; tests that build
  // their own pass `outbox.limits` when they want it.
  const fromConfig: Partial<DispatcherOptions> = config.outbox ? { concurrency: config.outbox.concurrency, limits: { ...slackLimits, pacing: config.outbox.pacing } } : {};
  const dispatcher = createDispatcher({ db: database.db, logger, clientFor: authorization.clientFor, ...fromConfig, ...outboxOptions });
  const mode = config.slack.mode;
  const secretKey = flagSecretKey({ encryptionKey: config.flags?.encryptionKey ?? (mode.kind === 'oauth' ? mode.encryptionKey : undefined), signingSecret: config.slack.signingSecret });
  let listeningOn = config.port;
  const flags = { secretKey, publicUrl: () => config.flags?.publicUrl ?? `http://localhost:${listeningOn}` };
  const { app, httpReceiver, inFlight, messageEvents } = createApp({ slack: config.slack, database, logger, wakeOutbox: dispatcher.wake, clock, authorization, flags });
  let draining = false;
  const server = createHttpServer({
    slackEvents: httpReceiver ? boltEvents(app, toBoltLogger(logger)) : undefined,
    signingSecret: config.slack.signingSecret,
    installer: authorization.installer,
    sandbox,
    messageEvents,
    flags: flagWebhookRoute({ db: database.db, secretKey, wakeOutbox: dispatcher.wake, logger }),
    healthy: () => pingWithin(database, 1000).catch(() => false),
    draining: () => draining,
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, () => resolve());
  });
  if (!httpReceiver) await app.start();
  dispatcher.start();
  const scheduler = startScheduler(jobs ?? defaultJobs(database, dispatcher.wake, config.digestSchedule), { logger, clock });
  const { port } = server.address() as AddressInfo;
  listeningOn = port;
  logger.info({ port, mode: httpReceiver ? 'http' : 'socket', database: database.kind }, 'shortlist is up');

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop(graceMs = 10_000) {
      // While draining, the server still answers: /healthz and new requests get 503, so a load balancer
      // moves traffic away instead of seeing refused connections.
      draining = true;
      const finished = await inFlight.drained(graceMs);
      if (!finished) logger.warn({ inFlight: inFlight.size }, 'shutdown grace period over with work still in flight');
      // In Socket Mode acks travel over the socket, so it closes only after the work in flight has acked.
      if (!httpReceiver) await app.stop().catch((error: unknown) => logger.warn({ err: error }, 'socket mode stop failed'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await scheduler.stop();
      // A last pass sends what the finished requests queued, for a few seconds at most; anything left
      // waits in the outbox for the next instance.
      await dispatcher.stop(FINAL_SEND_MS);
    },
  };
}
