import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';

let standin: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  standin = await startSlackEmulator();
  client = new WebClient('xoxb-standin-test', { slackApiUrl: standin.url, retryConfig: { retries: 0 } });
  standin.channels.set('C_PUBLIC', {});
  standin.channels.set('C_OLD', { is_archived: true });
  standin.channels.set('G_SHARED', { is_private: true, is_member: true });
  standin.channels.set('G_HIDDEN', { is_private: true, is_member: false });
  for (const id of ['C_PUBLIC', 'C_OLD', 'G_SHARED', 'G_HIDDEN', 'C_UNDECLARED']) standin.channelMembers.set(id, ['U_ADA']);
  standin.channelMembers.set('C_OTHER', ['U_BOB']);
});
afterAll(() => standin.close());

const idsOf = (answer: { channels?: { id?: string }[] }) => (answer.channels ?? []).map((channel) => channel.id ?? '');

describe('users.conversations on the Slack stand-in', () => {
  it("when asked for a person's channels, then it lists the ones they are in, public only unless asked, as Slack does", async () => {
    expect(idsOf(await client.users.conversations({ user: 'U_ADA' }))).toEqual(['C_PUBLIC', 'C_OLD', 'C_UNDECLARED']);
    const all = await client.users.conversations({ user: 'U_ADA', types: 'public_channel,private_channel', exclude_archived: true });
    // A private channel the bot is not in stays hidden, like an archived one when excluded.
    expect(idsOf(all)).toEqual(['C_PUBLIC', 'G_SHARED', 'C_UNDECLARED']);
    expect(all.channels?.[1]).toMatchObject({ id: 'G_SHARED', is_private: true, is_archived: false });
    expect(idsOf(await client.users.conversations({ user: 'U_NOBODY' }))).toEqual([]);
  });

  it('when a page is smaller than the list, then the cursor walks it', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.users.conversations({ user: 'U_ADA', types: 'public_channel,private_channel', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.channels!.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(seen).toEqual(['C_PUBLIC', 'C_OLD', 'G_SHARED', 'C_UNDECLARED']);
  });

  it('when asked without a user, then it lists the channels the bot is in', async () => {
    expect(idsOf(await client.users.conversations({ types: 'public_channel,private_channel' }))).toEqual(['C_PUBLIC', 'C_OLD', 'G_SHARED', 'C_UNDECLARED', 'C_OTHER']);
  });
});
