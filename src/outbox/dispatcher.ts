import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/client.ts';
import type { OutboxRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { keepLease } from './lease.ts';
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
  batchSize?: number;
  /** How long a claimed row stays reserved for this dispatcher. */
  leaseMs?: number;
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

/**
 * Sends the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease, renewed while a send is
 * under way, so several instances share the work and no row is sent by two at once. Only the lease's
 * holder may mark a row sent, in the same transaction as what its send recorded (the thread ts, the
 * triage message ts), or release it.
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
  // Renewed every third of it while a send is under way; a crashed instance's rows are free again after it.
  const leaseMs = options.leaseMs ?? 15_000;
  const store = outboxStore(db, leaseMs);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  /** Past this instant, a pass stops after the row in hand (set when stopping). */
  let deadline = Number.POSITIVE_INFINITY;

  async function send(row: OutboxRow, payload: OutboxPayload): Promise<SendOutcome> {
    // Throws when the token cannot be had just now (database, token refresh): retried like a failed send.
    const client = await clientFor(row.workspaceId);
    if (!client) {
      logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'no installation for workspace; message dropped');
      return { kind: 'dropped', reason: 'no_token' };
    }
    return sendPayload({ db, client, logger }, row.workspaceId, payload);
  }

  async function handle(row: OutboxRow): Promise<void> {
    const parsed = outboxPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      logger.error({ outboxId: row.id, teamId: row.workspaceId }, 'unreadable outbox payload; not sending it');
      return store.drop(row, 'invalid_payload');
    }
    const stopRenewing = keepLease(db, logger, row, leaseMs);
    let outcome: SendOutcome | { kind: 'error'; error: unknown };
    try {
      outcome = await send(row, parsed.data);
    } catch (error) {
      outcome = { kind: 'error', error };
    } finally {
      await stopRenewing();
    }
    if (outcome.kind === 'sent') {
      if (!(await store.markSent(row, outcome.record))) logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'outbox lease lost before the send was recorded');
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

  async function pass(): Promise<number> {
    let handled = 0;
    do {
      again = false;
      for (;;) {
        if (stopped || Date.now() >= deadline) return handled;
        const rows = await store.claim(batchSize);
        if (rows.length === 0) break;
        for (const [index, row] of rows.entries()) {
          if (Date.now() >= deadline) {
            // Out of time: hand back what was claimed but not reached, as if never tried.
            for (const left of rows.slice(index)) await store.release(left);
            return handled;
          }
          await handle(row);
          handled += 1;
        }
      }
    } while (again && !stopped);
    return handled;
  }

  function drain(): Promise<number> {
    if (running !== undefined) {
      again = true;
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
      deadline = Date.now() + finishWithinMs;
      if (finishWithinMs > 0) await drain();
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

