import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { bugs, outbox, type OutboxRow, stories } from '../db/schema.ts';
import { noticeFailure } from './failure-notice.ts';
import { heldBy, leaseEnd } from './lease.ts';
import type { OutboxPayload } from './messages.ts';
import type { SentRecord } from './outcome.ts';
import type { Candidate } from './scheduler.ts';

/**
 * The outbox table as the dispatcher uses it. An attempt is counted when its end is recorded (sent,
 * failed, dropped), never at claim time, so what is handed back or deferred needs no undoing. A lease
 * that ran out is the one exception: its holder never recorded how the send ended, so the next claim
 * counts it.
 */
export function outboxStore(db: Db, leaseMs: number) {
  const free = sql`${outbox.nextAttemptAt} <= now() and (${outbox.lockedUntil} is null or ${outbox.lockedUntil} <= now())`;

  /**
   * What a claim chooses from, in one snapshot: each workspace's `perWorkspace` oldest rows that are due
   * and free, and every pending row of that workspace queued before the last of them (in flight, waiting
   * for a retry), so the caller can tell which rows are the oldest of their lane.
   */
  async function scan(perWorkspace: number): Promise<Candidate[]> {
    const rows = await queryRows<{ id: number | string; workspace_id: string; payload: unknown; free: boolean }>(
      db,
      sql`with due as (
            select ${outbox.id} as id, ${outbox.workspaceId} as workspace_id, row_number() over (partition by ${outbox.workspaceId} order by ${outbox.id}) as n
            from ${outbox} where ${outbox.status} = 'pending' and ${free}
          ), bounds as (
            select workspace_id, max(id) as last_id from due where n <= ${perWorkspace} group by workspace_id
          )
          select ${outbox.id} as id, ${outbox.workspaceId} as workspace_id, ${outbox.payload} as payload, (${free}) as free
          from ${outbox} join bounds on bounds.workspace_id = ${outbox.workspaceId}
          where ${outbox.status} = 'pending' and ${outbox.id} <= bounds.last_id
          order by ${outbox.id}`,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      workspaceId: row.workspace_id,
      payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
      free: row.free === true || (row.free as unknown) === 't',
    }));
  }

  /**
   * Leases the chosen rows that are still due and free (another instance may have taken some since the
   * scan: FOR UPDATE SKIP LOCKED, then the same test again, so no row is leased twice).
   */
  async function claim(ids: number[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return [];
    const stillFree = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, sql`now()`), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, sql`now()`))))
      .for('update', { skipLocked: true });
    const rows = await db
      .update(outbox)
      .set({ lockedUntil: leaseEnd(leaseMs), attempts: sql`${outbox.attempts} + case when ${outbox.lockedUntil} is null then 0 else 1 end` })
      .where(inArray(outbox.id, stillFree))
      .returning();
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Ends the caller's lease on the row; does nothing if another dispatcher has taken it over meanwhile. */
  const release = async (row: OutboxRow, set: Partial<typeof outbox.$inferInsert> = {}) => {
    await db.update(outbox).set({ lockedUntil: null, ...set }).where(heldBy(row));
  };

  /** Ends an attempt that will not be sent again (dropped, or the payload unreadable). */
  const drop = async (row: OutboxRow, reason: string) => {
    await db.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: reason, attempts: sql`${outbox.attempts} + 1` }).where(heldBy(row));
  };

  /** Marks a row failed for good and, in the same transaction, queues what should follow (a notice to the installer). */
  const giveUp = (row: OutboxRow, payload: OutboxPayload, reason: string, attempts: number) =>
    db.transaction(async (tx) => {
      const [failed] = await tx.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: reason, attempts }).where(heldBy(row)).returning({ id: outbox.id });
      if (failed) await noticeFailure(tx, row.workspaceId, payload, reason);
    });

  /**
   * Marks rows sent and stores what each send recorded, in one statement (atomic without a transaction, and
   * one round trip for all of them: the outbox's sends were most of the bot's socket writes under load,
   * bench/RESULTS.md). One answer per row, in order: false when another dispatcher holds that row by now,
   * and then neither its mark nor its record happens, and what the holder sends and records stands. Two
   * records for the same item (a bug's thread and its triage message) never share a statement: PostgreSQL
   * applies only one of two updates of one row in a single statement, so the second goes in the next.
   */
  async function markSentMany(jobs: { row: OutboxRow; record: SentRecord | undefined }[]): Promise<boolean[]> {
    const targets = new Set<string>();
    const now: number[] = [];
    const later: number[] = [];
    for (const [n, { record }] of jobs.entries()) {
      const target = record ? `${record.table}/${record.id}` : undefined;
      if (target && targets.has(target)) later.push(n);
      else {
        if (target) targets.add(target);
        now.push(n);
      }
    }
    const held = sql.join(
      now.map((n) => sql`(${heldBy(jobs[n]!.row)})`),
      sql` or `,
    );
    const marking = sql`update ${outbox} set status = 'sent', sent_at = now(), locked_until = null, last_error = null, attempts = attempts + 1 where ${held} returning ${outbox.id}`;
    const recordings = now.flatMap((n) => {
      const { row, record } = jobs[n]!;
      if (!record) return [];
      const onlyIfMarked = sql`exists (select 1 from marked where marked.id = ${row.id})`;
      const update = record.table === 'bugs' ? db.update(bugs).set(record.set).where(and(eq(bugs.id, record.id), onlyIfMarked)) : db.update(stories).set(record.set).where(and(eq(stories.id, record.id), onlyIfMarked));
      return [sql`, ${sql.identifier(`recorded_${n}`)} as (${update.getSQL()})`];
    });
    const rows = await queryRows<{ id: number | string }>(db, sql`with marked as (${marking})${sql.join(recordings, sql``)} select id from marked`);
    const marked = new Set(rows.map((row) => Number(row.id)));
    const answers = jobs.map(({ row }) => marked.has(row.id));
    if (later.length > 0) {
      const rest = await markSentMany(later.map((n) => jobs[n]!));
      for (const [i, n] of later.entries()) answers[n] = rest[i]!;
    }
    return answers;
  }

  return { scan, claim, release, drop, giveUp, markSentMany };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
