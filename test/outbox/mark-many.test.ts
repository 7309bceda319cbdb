import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, outbox, workspaces } from '../../src/db/schema.ts';
import { enqueueAll } from '../../src/outbox/enqueue.ts';
import { outboxStore } from '../../src/outbox/store.ts';
import { newActor } from '../support/bug-flow.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';

/** Several sends marked in one statement (store.markSentMany): each answered, each record kept, a lost lease honoured. */
describe.each(dbKinds)('marking several outbox rows sent at once on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function twoBugsWithFourRows() {
    const teamId = newActor().teamId;
    await database.db.insert(workspaces).values({ id: teamId });
    const made = await database.db
      .insert(bugs)
      .values([1, 2].map((number) => ({ workspaceId: teamId, number, summary: `Bug ${number}`, steps: 's', expected: 'e', actual: 'a', reporterId: 'UREP', channelId: 'C_MARK' })))
      .returning();
    await enqueueAll(
      database.db,
      teamId,
      made.flatMap((bug) => [
        { payload: { type: 'bug_confirmation' as const, bugId: bug.id, channelId: 'C_MARK' } },
        { payload: { type: 'triage_post' as const, bugId: bug.id } },
      ]),
    );
    const store = outboxStore(database.db, 15_000);
    const pending = await database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.workspaceId, teamId)).orderBy(outbox.id);
    const rows = await store.claim(pending.map((row) => row.id));
    expect(rows).toHaveLength(4);
    return { teamId, store, rows, bugIds: made.map((bug) => bug.id) };
  }

  it("when a bug's confirmation and its triage message are marked together, then both are sent and both of the bug's records are kept", async () => {
    const { teamId, store, rows, bugIds } = await twoBugsWithFourRows();
    const [a, b] = bugIds as [number, number];
    const answers = await store.markSentMany([
      { row: rows[0]!, record: { table: 'bugs', id: a, set: { threadChannelId: 'C_MARK', threadTs: '1.1' } } },
      { row: rows[1]!, record: { table: 'bugs', id: a, set: { triageChannelId: 'C_TRIAGE', triageTs: '1.2' } } },
      { row: rows[2]!, record: { table: 'bugs', id: b, set: { threadChannelId: 'C_MARK', threadTs: '2.1' } } },
      { row: rows[3]!, record: undefined },
    ]);
    expect(answers).toEqual([true, true, true, true]);
    const kept = await database.db.select({ id: bugs.id, threadTs: bugs.threadTs, triageTs: bugs.triageTs }).from(bugs).where(eq(bugs.workspaceId, teamId)).orderBy(bugs.id);
    expect(kept).toEqual([
      { id: a, threadTs: '1.1', triageTs: '1.2' },
      { id: b, threadTs: '2.1', triageTs: null },
    ]);
    const statuses = await database.db.select({ status: outbox.status, attempts: outbox.attempts, lockedUntil: outbox.lockedUntil }).from(outbox).where(eq(outbox.workspaceId, teamId));
    expect(statuses).toEqual(Array(4).fill({ status: 'sent', attempts: 1, lockedUntil: null }));
  });

  it('when one row of the batch has lost its lease, then only it is not marked and its record is not kept; the others are', async () => {
    const { teamId, store, rows, bugIds } = await twoBugsWithFourRows();
    const [a, b] = bugIds as [number, number];
    // Another dispatcher took row 0 over (its lease moved on).
    await database.db.update(outbox).set({ lockedUntil: new Date(Date.now() + 60_000) }).where(eq(outbox.id, rows[0]!.id));
    const answers = await store.markSentMany([
      { row: rows[0]!, record: { table: 'bugs', id: a, set: { threadChannelId: 'C_MARK', threadTs: '9.9' } } },
      { row: rows[2]!, record: { table: 'bugs', id: b, set: { threadChannelId: 'C_MARK', threadTs: '2.1' } } },
    ]);
    expect(answers).toEqual([false, true]);
    const kept = await database.db.select({ threadTs: bugs.threadTs }).from(bugs).where(eq(bugs.workspaceId, teamId)).orderBy(bugs.id);
    expect(kept.map((row) => row.threadTs)).toEqual([null, '2.1']);
    const byId = new Map((await database.db.select().from(outbox).where(eq(outbox.workspaceId, teamId))).map((row) => [row.id, row.status]));
    expect([byId.get(rows[0]!.id), byId.get(rows[2]!.id)]).toEqual(['pending', 'sent']);
  });
});
