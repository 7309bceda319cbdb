import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/client.ts';
import type { OutboxRow } from '../db/schema.ts';
import { BatchingLane } from '../lane.ts';
import type { Logger } from '../logger.ts';
import { keepLease } from './lease.ts';
import { pacedClient } from './paced-client.ts';
import { createPacer, type SlackLimits } from './rate-limits.ts';
import { type Choice, selectHeads } from './scheduler.ts';
import { type OutboxPayload, outboxPayloadSchema } from './messages.ts';
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { SendOutcome } from './outcome.ts';
import { sendPayload } from './send.ts';
import { classifySlackError } from './slack-errors.ts';
import { outboxStore } from './store.ts';

export interface DispatcherOptions {
  db: Db;
  logger: Logger;
  /** The client that speaks for a workspace (its bot token), or undefined when it has none (uninstalled); a throw is retried. */
  clientFor(workspaceId: string): Promise<WebClient | undefined>;
  /** First retry delay; each further attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  pollMs?: number;
  /** The most rows one claim takes. */
  batchSize?: number;
  /** How long a claimed row stays reserved for this dispatcher. */
  leaseMs?: number;
  /** How many messages are sent at once (shared by the workspaces in turn). */
  concurrency?: number;
  /** Slack's limits to pace to before it answers 429 (main.ts: `slackLimits`); without, only 429s hold sending back. */
  limits?: SlackLimits;
}

export interface Dispatcher {
  start(): void;
  /** Sends what is due now, without waiting for the next poll (called after a commit that queued something). */
  wake(): void;
  /** Runs one pass over due rows; resolves when they are handled. */
  drain(): Promise<number>;
  /**
   * Sends what is due for up to `finishWithinMs` (what the last requests queued), then stops. A backlog
   * longer than that waits in the table for the next start or another instance: shutdown stays short.
   */
  stop(finishWithinMs?: number): Promise<void>;
}

/** A send waits this long at most for a rate limit; longer, its row goes back to the table until then. */
const MAX_WAIT_IN_SEND_MS = 1000;
/** Where lanes' last chat calls went: bounded, forgotten wholesale when full (it is only a hint). */
const MAX_CHANNEL_HINTS = 50_000;

/**
 * Sends the outbox, up to `concurrency` messages at once. Each claim looks at the oldest due rows of every
 * workspace and takes only the heads of their lanes (outbox/scheduler.ts), workspace by workspace in turn,
 * and only where Slack's limits leave room; a lease (FOR UPDATE SKIP LOCKED, renewed while a send is under
 * way) keeps every row to one dispatcher, so several instances share the work. Only the lease's holder may
 * mark a row sent, in the same transaction as what its send recorded (the thread ts, the triage message
 * ts), or release it.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, logger, clientFor } = options;
  const policy: RetryPolicy = {
    baseDelayMs: options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts,
  };
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  // A claim scans the oldest due rows of every workspace: done each time one send ended (or a request
  // queued something), it cost more than the sends at 32 at once. So it waits until a quarter of the slots
  // are free (or none is busy), and one scan fills them all.
  const refillAt = Math.max(1, Math.floor(concurrency / 4));
  // Renewed every third of it while a send is under way; a crashed instance's rows are free again after it.
  const leaseMs = options.leaseMs ?? 15_000;
  const store = outboxStore(db, leaseMs);
  // Sends that finish while others are being marked are marked together, in one statement (markSentMany).
  const marks = new BatchingLane({ max: 50, together: () => true, run: store.markSentMany });
  const pacer = createPacer(options.limits);
  const channelHints = new Map<string, string>();

  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryAt = Number.POSITIVE_INFINITY;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let turn = 0;
  /** Past this instant, a pass claims nothing more and waits for the sends under way (set when stopping). */
  let deadline = Number.POSITIVE_INFINITY;
  /** The sends under way, by row id. */
  const inFlight = new Map<number, Promise<void>>();
  /** Resolves the pass's wait early: a send ended, or something was queued. */
  let nudge: (() => void) | undefined;

  async function send(row: OutboxRow, payload: OutboxPayload, choice: Choice | undefined): Promise<SendOutcome> {
    // Throws when the token cannot be had just now (database, token refresh): retried like a failed send.
    const client = await clientFor(row.workspaceId);
    if (!client) {
      logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'no installation for workspace; message dropped');
      return { kind: 'dropped', reason: 'no_token' };
    }
    const orderKey = choice?.lane.orderKey;
    const paced = pacedClient(client, pacer, {
      workspaceId: row.workspaceId,
      prepaid: choice?.prepaid,
      maxWaitMs: Math.min(MAX_WAIT_IN_SEND_MS, leaseMs / 3),
      onChannel: (channel) => {
        if (!orderKey) return;
        if (channelHints.size >= MAX_CHANNEL_HINTS) channelHints.clear();
        channelHints.set(`${row.workspaceId}\u0000${orderKey}`, channel);
      },
    });
    return sendPayload({ db, client: paced, logger }, row.workspaceId, payload);
  }

  async function handle(row: OutboxRow, choice?: Choice): Promise<void> {
    const parsed = outboxPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      logger.error({ outboxId: row.id, teamId: row.workspaceId }, 'unreadable outbox payload; not sending it');
      return store.drop(row, 'invalid_payload');
    }
    const stopRenewing = keepLease(db, logger, row, leaseMs);
    let outcome: SendOutcome | { kind: 'error'; error: unknown };
    try {
      outcome = await send(row, parsed.data, choice);
    } catch (error) {
      outcome = { kind: 'error', error };
    } finally {
      await stopRenewing();
    }
    if (outcome.kind === 'sent') {
      if (!(await marks.add({ row, record: outcome.record }))) logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'outbox lease lost before the send was recorded');
      return;
    }
    // Waiting for another message is not a failed attempt.
    if (outcome.kind === 'defer') return store.release(row, { nextAttemptAt: new Date(Date.now() + outcome.ms), lastError: outcome.reason });
    if (outcome.kind === 'dropped') {
      logger.info({ outboxId: row.id, teamId: row.workspaceId, reason: outcome.reason }, 'outbox message dropped');
      return store.drop(row, outcome.reason);
    }
    const log = { outboxId: row.id, teamId: row.workspaceId, type: parsed.data.type };
    const verdict = classifySlackError(outcome.error);
    const decision = decideRetry(verdict, row.attempts, policy);
    if (decision.kind === 'give_up') {
      logger.error({ ...log, reason: decision.reason, attempts: decision.attempts }, 'outbox message failed for good');
      return store.giveUp(row, parsed.data, decision.reason, decision.attempts);
    }
    logger.warn({ ...log, reason: verdict.reason, retryInMs: decision.delayMs }, 'outbox send failed; will retry');
    await store.release(row, { attempts: decision.attempts, nextAttemptAt: new Date(Date.now() + decision.delayMs), lastError: verdict.reason });
  }

  /** Claims up to `want` lane heads and starts sending them; answers how many it started. */
  async function claimAndStart(want: number): Promise<number> {
    const candidates = await store.scan(Math.max(batchSize, 2 * concurrency));
    const { chosen, retryInMs } = selectHeads(candidates, {
      want,
      pacer,
      inFlight: new Set(inFlight.keys()),
      channelHint: (workspaceId, orderKey) => channelHints.get(`${workspaceId}\u0000${orderKey}`),
      turn: turn++,
    });
    if (retryInMs !== undefined) wakeIn(retryInMs);
    const rows = await store.claim(chosen.map((choice) => choice.id));
    const choices = new Map(chosen.map((choice) => [choice.id, choice]));
    for (const row of rows) {
      const task = handle(row, choices.get(row.id))
        .catch((error: unknown) => logger.error({ err: error, outboxId: row.id, teamId: row.workspaceId }, 'outbox send could not be recorded'))
        .finally(() => {
          inFlight.delete(row.id);
          nudge?.();
        });
      inFlight.set(row.id, task);
    }
    return rows.length;
  }

  async function pass(): Promise<number> {
    let handled = 0;
    let claimAgain = true;
    try {
      for (;;) {
        const free = concurrency - inFlight.size;
        if (!stopped && Date.now() < deadline && (claimAgain || again) && free >= (inFlight.size === 0 ? 1 : refillAt)) {
          claimAgain = false;
          again = false;
          const want = Math.min(free, batchSize);
          const started = await claimAndStart(want);
          handled += started;
          // A full batch: there may be more right behind it.
          if (started === want) claimAgain = true;
          continue;
        }
        if (inFlight.size === 0) {
          if (again && !stopped && Date.now() < deadline) continue;
          return handled;
        }
        const woken = new Promise<void>((resolve) => {
          nudge = resolve;
        });
        await Promise.race([...inFlight.values(), woken]);
        nudge = undefined;
        claimAgain = true;
      }
    } finally {
      // A failed claim (the database went away) ends the pass once the sends under way are recorded.
      await Promise.all(inFlight.values());
    }
  }

  /** Claims again once a rate limit lets a skipped head go (the earliest such moment wins). */
  function wakeIn(ms: number): void {
    if (stopped || retryAt <= Date.now() + ms) return;
    clearTimeout(retryTimer);
    retryAt = Date.now() + ms;
    retryTimer = setTimeout(() => {
      retryAt = Number.POSITIVE_INFINITY;
      if (!stopped) void drain();
    }, ms);
  }

  function drain(): Promise<number> {
    if (running !== undefined) {
      again = true;
      nudge?.();
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'outbox pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void drain().finally(schedule);
    }, pollMs);
  }

  return {
    start() {
      stopped = false;
      schedule();
      void drain();
    },
    wake() {
      if (!stopped) void drain();
    },
    drain,
    async stop(finishWithinMs = 0) {
      clearTimeout(timer);
      clearTimeout(retryTimer);
      deadline = Date.now() + finishWithinMs;
      if (finishWithinMs > 0) await drain();
      stopped = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      nudge?.();
      await running;
    },
  };
}
