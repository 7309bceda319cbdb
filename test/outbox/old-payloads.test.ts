import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, workspaces } from '../../src/db/schema.ts';
import { createDispatcher } from '../../src/outbox/dispatcher.ts';
import { enqueue } from '../../src/outbox/enqueue.ts';
import { slackClientOptions } from '../../src/slack/client-options.ts';
import { newActor } from '../support/bug-flow.ts';
import { createTestDatabase, dbKinds, type TestDatabase } from '../support/db.ts';
import { BOT_TOKEN, testLogger } from '../support/harness.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';

/** Rows queued by a version before item_notice, as they may wait in a database at upgrade: they still send. */
describe.each(dbKinds)('outbox rows of the old notice shapes on %s', (kind) => {
  let emulator: SlackEmulator;
  let database: TestDatabase;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
    await emulator?.close();
  });

  const drain = () => createDispatcher({ db: database.db, logger: testLogger(), clientFor: async () => new WebClient(BOT_TOKEN, slackClientOptions(emulator.url)) }).drain();
  const posts = () => emulator.callsTo('chat.postMessage').map((c) => [c.params.channel, c.params.thread_ts, c.params.text]);

  async function bugWithThread(threadChannelId: string | null, threadTs: string | null) {
    const teamId = newActor().teamId;
    await database.db.insert(workspaces).values({ id: teamId });
    const [bug] = await database.db
      .insert(bugs)
      .values({ workspaceId: teamId, number: 3, summary: 'Old', steps: 's', expected: 'e', actual: 'a', reporterId: 'UOLD', channelId: 'C_OLD', threadChannelId, threadTs })
      .returning();
    return { teamId, bugId: bug!.id };
  }

  it('when a thread_reply and a dm about a bug wait in the outbox, then the reply goes to the thread and the DM to the reporter', async () => {
    emulator.reset();
    const { teamId, bugId } = await bugWithThread('C_OLD', '10.1');
    const about = { itemType: 'bug', itemId: bugId } as const;
    await enqueue(database.db, teamId, { type: 'thread_reply', ...about, text: 'resolved it', reporterDmed: true });
    await enqueue(database.db, teamId, { type: 'dm', userId: 'UOLD', text: 'Your bug was resolved', about });
    await drain();
    expect(posts()).toEqual([
      ['C_OLD', '10.1', 'resolved it'],
      ['UOLD', undefined, 'Your bug was resolved'],
    ]);
  });

  it('when an old thread_reply finds no thread and no DM of the reporter’s own, then the reporter is told by DM with the key first', async () => {
    emulator.reset();
    const { teamId, bugId } = await bugWithThread(null, null);
    await enqueue(database.db, teamId, { type: 'thread_reply', itemType: 'bug', itemId: bugId, text: 'started it' });
    await drain();
    expect(posts()).toEqual([['UOLD', undefined, '*BUG-3*: started it']]);
  });
});
