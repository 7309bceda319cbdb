import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBug, type FileBugRequest } from '../../src/bugs/file-bug.ts';
import { bugFiles, bugs, itemHistory, outbox, stories, teamChannels, teams } from '../../src/db/schema.ts';
import { parseBugInput } from '../../src/bugs/bug-input.ts';
import { parseStoryInput } from '../../src/stories/story-input.ts';
import { fileStory } from '../../src/stories/file-story.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';

// Filing sends all its statements in one round trip: the ones after the insert find the new item by its
// view, since its id is not back yet. These check that they find the right item, on both databases.
const parsedBug = parseBugInput({ summary: 'Login fails', steps: '1. Open\n2. Log in', expected: 'I am in', actual: 'Nothing happens' });
const parsedStory = parseStoryInput({ title: 'Pay by card', persona: 'buyer', want: 'to pay by card', benefit: 'I can check out', criteria: 'Card accepted' });
if (!parsedBug.ok || !parsedStory.ok) throw new Error('test input refused');
const fields = parsedBug.value;

describe.each(dbKinds)('filing on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());

  const request = (workspaceId: string, viewId: string, extra: Partial<FileBugRequest> = {}): FileBugRequest => ({
    workspaceId,
    enterpriseId: null,
    reporterId: 'U1',
    channelId: 'C1',
    viewId,
    fields,
    ...extra,
  });

  const rowsOf = async (workspaceId: string) => {
    const db = database.db;
    const [history, queued, files] = await Promise.all([
      db.select().from(itemHistory).where(eq(itemHistory.workspaceId, workspaceId)).orderBy(asc(itemHistory.id)),
      db.select().from(outbox).where(eq(outbox.workspaceId, workspaceId)).orderBy(asc(outbox.id)),
      db.select().from(bugFiles).where(eq(bugFiles.workspaceId, workspaceId)).orderBy(asc(bugFiles.id)),
    ]);
    return { history, queued, files };
  };

  it('when 20 bugs are filed at once in one workspace, then they are numbered 1 to 20 and each history row, queued message and file names its own bug', async () => {
    const workspaceId = `TFILE${kind.toUpperCase()}`;
    const file = { id: 'F1', name: 'shot.png', mimetype: 'image/png', filetype: 'png', size: 10, permalink: 'https://example.test/f1' };
    const filed = await Promise.all(
      Array.from({ length: 20 }, (_, n) => fileBug(database.db, request(workspaceId, `V${kind}${n}`, { threadTs: `1.${n}`, files: n % 2 === 0 ? [{ ...file, id: `F${n}` }] : [] }))),
    );
    expect(filed.every((result) => result.created)).toBe(true);
    expect(filed.map((result) => result.bug.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    const { history, queued, files } = await rowsOf(workspaceId);
    const byView = new Map(filed.map(({ bug }) => [bug.sourceViewId, bug]));
    expect(history).toHaveLength(20);
    expect(new Set(history.map((row) => row.itemId))).toEqual(new Set(filed.map(({ bug }) => bug.id)));
    expect(history.every((row) => row.itemType === 'bug' && row.action === 'created' && row.toStatus === 'new')).toBe(true);
    // Two messages per bug, three with files; each names its bug's id in its payload and its dedupe key.
    expect(queued).toHaveLength(50);
    for (let n = 0; n < 20; n += 1) {
      const bug = byView.get(`V${kind}${n}`)!;
      const mine = queued.filter((row) => (row.payload as { bugId: number }).bugId === bug.id);
      expect(mine.map((row) => row.payload)).toEqual([
        { type: 'bug_confirmation', bugId: bug.id, channelId: 'C1', threadTs: `1.${n}` },
        { type: 'triage_post', bugId: bug.id },
        ...(n % 2 === 0 ? [{ type: 'bug_files_share', bugId: bug.id }] : []),
      ]);
      expect(mine.map((row) => row.dedupeKey)).toEqual([`bug_confirmation:${bug.id}`, `triage_post:${bug.id}`, ...(n % 2 === 0 ? [`bug_files_share:${bug.id}`] : [])]);
      expect(files.filter((row) => row.bugId === bug.id).map((row) => row.slackFileId)).toEqual(n % 2 === 0 ? [`F${n}`] : []);
    }
  });

  it('when a view is filed again, then the first bug is answered and nothing new is written: no number taken, no history, no message', async () => {
    const workspaceId = `TAGAIN${kind.toUpperCase()}`;
    const first = await fileBug(database.db, request(workspaceId, 'VAGAIN1'));
    await fileBug(database.db, request(workspaceId, 'VAGAIN2'));
    const before = await rowsOf(workspaceId);
    const again = await Promise.all([fileBug(database.db, request(workspaceId, 'VAGAIN1')), fileBug(database.db, request(workspaceId, 'VAGAIN1'))]);
    expect(again.map((result) => [result.created, result.bug.id])).toEqual([
      [false, first.bug.id],
      [false, first.bug.id],
    ]);
    expect(await rowsOf(workspaceId)).toEqual(before);
    const next = await fileBug(database.db, request(workspaceId, 'VAGAIN3'));
    expect(next.bug.number).toBe(3);
  });

  it('when the form names a team, then the item goes to it; an archived or unknown one, to the channel intake team, else the default', async () => {
    const workspaceId = `TTEAM${kind.toUpperCase()}`;
    const first = await fileBug(database.db, request(workspaceId, 'VTEAM0'));
    const [payments, archived, mobile] = await database.db
      .insert(teams)
      .values([
        { workspaceId, name: 'Payments' },
        { workspaceId, name: 'Old', archivedAt: new Date() },
        { workspaceId, name: 'Mobile' },
      ])
      .returning();
    await database.db.insert(teamChannels).values({ workspaceId, channelId: 'C_MOBILE', teamId: mobile!.id });
    const teamOf = async (viewId: string, extra: Partial<FileBugRequest>) => (await fileBug(database.db, request(workspaceId, viewId, extra))).bug.teamId;
    expect(await teamOf('VTEAM1', { teamId: payments!.id })).toBe(payments!.id);
    expect(await teamOf('VTEAM2', { teamId: payments!.id, channelId: 'C_MOBILE' })).toBe(payments!.id);
    expect(await teamOf('VTEAM3', { teamId: archived!.id, channelId: 'C_MOBILE' })).toBe(mobile!.id);
    expect(await teamOf('VTEAM4', { teamId: 999_999 })).toBe(first.bug.teamId);
    expect(await teamOf('VTEAM5', { channelId: 'C_MOBILE' })).toBe(mobile!.id);
    const { story, created } = await fileStory(database.db, { workspaceId, enterpriseId: null, reporterId: 'U1', channelId: 'C1', viewId: 'VSTORY1', teamId: payments!.id, fields: parsedStory.value });
    expect([created, story.teamId, story.number]).toEqual([true, payments!.id, 1]);
    const queued = await database.db.select().from(outbox).where(and(eq(outbox.workspaceId, workspaceId), eq(outbox.dedupeKey, `story_post:${story.id}`)));
    expect(queued.map((row) => (row.payload as { storyId: number }).storyId)).toEqual([story.id]);
    const history = await database.db.select().from(itemHistory).where(and(eq(itemHistory.itemType, 'story'), eq(itemHistory.itemId, story.id)));
    expect(history.map((row) => row.toStatus)).toEqual(['idea']);
    expect((await database.db.select().from(stories).where(eq(stories.workspaceId, workspaceId))).length).toBe(1);
    expect((await database.db.select().from(bugs).where(eq(bugs.workspaceId, workspaceId))).map((bug) => bug.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
