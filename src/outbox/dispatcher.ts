import type { WebClient } from '@slack/web-api';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, outbox, type OutboxRow, stories } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { noticeFailure } from './failure-notice.ts';
import { heldBy, keepLease, leaseEnd } from './lease.ts';
import { type OutboxPayload, outboxPayloadSchema } from './messages.ts';
import { type SendOutcome, sendPayload } from './send.ts';
import { classifySlackError } from './slack-errors.ts';

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
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  // Renewed every third of it while a send is under way; a crashed instance's rows are free again after it.
  const leaseMs = options.leaseMs ?? 15_000;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  /** Past this instant, a pass stops after the row in hand (set when stopping). */
  let deadline = Number.POSITIVE_INFINITY;

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
      .set({ lockedUntil: leaseEnd(leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Ends this dispatcher's lease on the row; does nothing if another dispatcher has taken it over meanwhile. */
  const release = (row: OutboxRow, set: Partial<typeof outbox.$inferInsert>) => db.update(outbox).set({ lockedUntil: null, ...set }).where(heldBy(row));

  /** Marks a row failed for good and, in the same transaction, queues what should follow (a notice to the installer). */
  const giveUp = (row: OutboxRow, payload: OutboxPayload, reason: string) =>
    db.transaction(async (tx) => {
      const [failed] = await tx.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: reason }).where(heldBy(row)).returning({ id: outbox.id });
      if (failed) await noticeFailure(tx, row.workspaceId, payload, reason);
    });

  function backoff(attempts: number): number {
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  async function send(row: OutboxRow, payload: OutboxPayload): Promise<SendOutcome> {
    // Throws when the token cannot be had just now (database, token refresh): retried like a failed send.
    const client = await clientFor(row.workspaceId);
    if (!client) {
      logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'no installation for workspace; message dropped');
      return { kind: 'dropped', reason: 'no_token' };
    }
    return sendPayload({ db, client, logger }, row.workspaceId, payload);
  }

  /**
   * Marks the row sent and stores what the send recorded, in one statement (atomic without a transaction,
   * and one round trip). When another dispatcher holds the row by now, neither happens: what it sends and
   * records stands.
   */
  async function markSent(row: OutboxRow, outcome: Extract<SendOutcome, { kind: 'sent' }>): Promise<void> {
    const marking = sql`update ${outbox} set status = 'sent', sent_at = now(), locked_until = null, last_error = null where ${heldBy(row)} returning ${outbox.id}`;
    const { record } = outcome;
    const onlyIfMarked = sql`exists (select 1 from marked)`;
    const update = !record
      ? undefined
      : record.table === 'bugs'
        ? db.update(bugs).set(record.set).where(and(eq(bugs.id, record.id), onlyIfMarked))
        : db.update(stories).set(record.set).where(and(eq(stories.id, record.id), onlyIfMarked));
    const recording = update ? sql`, recorded as (${update.getSQL()})` : sql``;
    const [result] = await queryRows<{ marked: number | string }>(db, sql`with marked as (${marking})${recording} select count(*) as marked from marked`);
    if (Number(result?.marked ?? 0) === 0) logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'outbox lease lost before the send was recorded');
  }

  async function handle(row: OutboxRow): Promise<void> {
    const parsed = outboxPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      logger.error({ outboxId: row.id, teamId: row.workspaceId }, 'unreadable outbox payload; not sending it');
      await release(row, { status: 'failed', lastError: 'invalid_payload' });
      return;
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
    if (outcome.kind === 'sent') return markSent(row, outcome);
    if (outcome.kind === 'defer') {
      // Waiting for another message is not a failed attempt.
      await release(row, { attempts: row.attempts - 1, nextAttemptAt: new Date(Date.now() + outcome.ms), lastError: outcome.reason });
      return;
    }
    if (outcome.kind === 'dropped') {
      logger.info({ outboxId: row.id, teamId: row.workspaceId, reason: outcome.reason }, 'outbox message dropped');
      await release(row, { status: 'failed', lastError: outcome.reason });
      return;
    }
    const verdict = classifySlackError(outcome.error);
    // Slack asking us to slow down says nothing about whether the message can be sent: it does not use up an attempt.
    const attempts = verdict.reason === 'ratelimited' ? row.attempts - 1 : row.attempts;
    if (verdict.kind === 'permanent' || attempts >= maxAttempts) {
      logger.error({ outboxId: row.id, teamId: row.workspaceId, type: parsed.data.type, reason: verdict.reason, attempts }, 'outbox message failed for good');
      await giveUp(row, parsed.data, verdict.reason);
      return;
    }
    const delay = Math.max(verdict.kind === 'retry' ? (verdict.afterMs ?? 0) : 0, backoff(row.attempts));
    logger.warn({ outboxId: row.id, teamId: row.workspaceId, type: parsed.data.type, reason: verdict.reason, retryInMs: delay }, 'outbox send failed; will retry');
    await release(row, { attempts, nextAttemptAt: new Date(Date.now() + delay), lastError: verdict.reason });
  }

  async function pass(): Promise<number> {
    let handled = 0;
    do {
      again = false;
      for (;;) {
        if (stopped || Date.now() >= deadline) return handled;
        const rows = await claim();
        if (rows.length === 0) break;
        for (const [index, row] of rows.entries()) {
          if (Date.now() >= deadline) {
            // Out of time: hand back what was claimed but not reached, as if never tried.
            for (const left of rows.slice(index)) await release(left, { attempts: left.attempts - 1 });
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

