import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outbox, type OutboxRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/**
 * A lease ends at `locked_until`, cut to milliseconds so it survives the trip through a JS Date. Every
 * claim and renewal moves it forward, so it doubles as the holder's token: only the dispatcher that set
 * the current value can renew, mark sent or release the row.
 */
export const leaseEnd = (leaseMs: number): SQL => sql`date_trunc('milliseconds', now() + make_interval(secs => ${leaseMs / 1000}))`;

/** The row, as long as `row` (as this dispatcher last claimed or renewed it) still holds its lease. */
export function heldBy(row: OutboxRow): SQL {
  const until = row.lockedUntil;
  if (!until) throw new Error(`outbox row ${row.id} was not claimed`);
  return and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.lockedUntil, until))!;
}

/**
 * Renews the lease every third of its length while a send is under way, so a slow send is not taken for
 * a dead dispatcher. Returns the stop function; once it resolves, `row.lockedUntil` is the current lease.
 */
export function keepLease(db: Db, logger: Logger, row: OutboxRow, leaseMs: number): () => Promise<void> {
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(async () => {
      try {
        const [renewed] = await db.update(outbox).set({ lockedUntil: leaseEnd(leaseMs) }).where(heldBy(row)).returning({ lockedUntil: outbox.lockedUntil });
        if (renewed) {
          row.lockedUntil = renewed.lockedUntil;
          return;
        }
        logger.warn({ outboxId: row.id, teamId: row.workspaceId }, 'outbox lease lost during a send');
        clearInterval(timer);
      } catch (error) {
        logger.warn({ err: error, outboxId: row.id }, 'could not renew an outbox lease');
      }
    });
  }, Math.max(10, Math.floor(leaseMs / 3)));
  return async () => {
    clearInterval(timer);
    await renewing;
  };
}
