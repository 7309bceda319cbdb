import type { WebClient } from '@slack/web-api';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outbox, type OutboxRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { noticeFailure } from './failure-notice.ts';
import { type OutboxPayload, outboxPayloadSchema } from './messages.ts';
import { sendPayload } from './send.ts';
import { classifySlackError } from './slack-errors.ts';

export interface DispatcherOptions {
  db: Db;
  logger: Logger;
  /** The client that speaks for a workspace (its bot token), or undefined when it has none (uninstalled). */
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
  stop(): Promise<void>;
}

/**
 * Sends the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease, so several instances
 * share the work and no row is sent by two at once; a row is marked sent in the same transaction as
 * what its send recorded (the thread ts, the triage message ts).
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, logger, clientFor } = options;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function claim(): Promise<OutboxRow[]> {
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, sql`now()`), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, sql`now()`))))
      .orderBy(outbox.id)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(outbox)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
    return rows.sort((a, b) => a.id - b.id);
  }

  const release = (row: OutboxRow, set: Partial<typeof outbox.$inferInsert>) =>
    db.update(outbox).set({ lockedUntil: null, ...set }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));

  /** Marks a row failed for good and, in the same transaction, queues what should follow (a notice to the installer). */
  const giveUp = (row: OutboxRow, payload: OutboxPayload, reason: string) =>
    db.transaction(async (tx) => {
      const [failed] = await tx
        .update(outbox)
        .set({ status: 'failed', lockedUntil: null, lastError: reason })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id });
      if (failed) await noticeFailure(tx, row.workspaceId, payload, reason);
    });

  function backoff(attempts: number): number {
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  async function handle(row: OutboxRow): Promise<void> {
    const parsed = outboxPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      logger.error({ outboxId: row.id, teamId: row.workspaceId }, 'unreadable outbox payload; not sending it');
      await release(row, { status: 'failed', lastError: 'invalid_payload' });
      return;
    }
    const client = await clientFor(row.workspaceId);
    if (!client) {
      logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'no token for workspace; message dropped');
      await release(row, { status: 'failed', lastError: 'no_token' });
      return;
    }
    try {
      const outcome = await sendPayload({ db, client, logger }, row.workspaceId, parsed.data);
      if (outcome.kind === 'sent') {
        await db.transaction(async (tx) => {
          await tx.update(outbox).set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null }).where(eq(outbox.id, row.id));
          await outcome.record?.(tx);
        });
      } else if (outcome.kind === 'defer') {
        // Waiting for another message is not a failed attempt.
        await release(row, { attempts: row.attempts - 1, nextAttemptAt: new Date(Date.now() + outcome.ms), lastError: outcome.reason });
      } else {
        logger.info({ outboxId: row.id, teamId: row.workspaceId, reason: outcome.reason }, 'outbox message dropped');
        await release(row, { status: 'failed', lastError: outcome.reason });
      }
    } catch (error) {
      const verdict = classifySlackError(error);
      if (verdict.kind === 'permanent' || row.attempts >= maxAttempts) {
        logger.error({ outboxId: row.id, teamId: row.workspaceId, type: parsed.data.type, reason: verdict.reason, attempts: row.attempts }, 'outbox message failed for good');
        await giveUp(row, parsed.data, verdict.reason);
        return;
      }
      const delay = Math.max(verdict.afterMs ?? 0, backoff(row.attempts));
      logger.warn({ outboxId: row.id, teamId: row.workspaceId, type: parsed.data.type, reason: verdict.reason, retryInMs: delay }, 'outbox send failed; will retry');
      await release(row, { nextAttemptAt: new Date(Date.now() + delay), lastError: verdict.reason });
    }
  }

  async function pass(): Promise<number> {
    let handled = 0;
    do {
      again = false;
      for (;;) {
        if (stopped) return handled;
        const rows = await claim();
        if (rows.length === 0) break;
        for (const row of rows) {
          await handle(row);
          handled += 1;
        }
      }
    } while (again && !stopped);
    return handled;
  }

  function drain(): Promise<number> {
    if (running) {
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
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
