import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Story, stories } from '../../src/db/schema.ts';
import { submitView } from './bug-flow.ts';
import type { Harness } from './harness.ts';
import { type Actor, blockActions, sendInteraction, sendSlashCommand } from '../../src/sandbox/deliver.ts';

export const validStory = {
  title_block: 'Read the app comfortably at night',
  persona_block: 'night-shift nurse',
  want_block: 'read patient notes in a dark ward without glare',
  benefit_block: 'I do not wake patients or strain my eyes',
  criteria_block: 'Text is readable at 10% screen brightness\nNo white flash when pages load',
};

export async function openStoryModal(h: Harness, actor: Actor, text: string, channelId = 'C_PRODUCT') {
  const triggerId = `trigger-${randomUUID()}`;
  const response = await sendSlashCommand(h.appUrl, { ...actor, command: '/story', text, channelId, triggerId, responseUrl: h.emulator.responseUrl() });
  expect(response.status).toBe(200);
  const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
  return { ...call.params.view, id: `VS${randomUUID().slice(0, 10).toUpperCase()}` };
}

/** Writes a story through /story and its modal; returns it once its message is posted. */
export async function writeStoryThrough(h: Harness, actor: Actor, values: Partial<typeof validStory> & { flag_key_block?: string } = {}, channelId = 'C_PRODUCT'): Promise<Story> {
  const view = await openStoryModal(h, actor, '', channelId);
  const answer = await submitView(h, view, { ...validStory, ...values }, actor);
  expect(answer.body).toBeUndefined();
  let story: Story | undefined;
  await expect
    .poll(async () => {
      [story] = await h.database.db.select().from(stories).where(and(eq(stories.workspaceId, actor.teamId), eq(stories.sourceViewId, view.id)));
      return Boolean(story?.threadTs);
    })
    .toBe(true);
  return story!;
}

export async function reloadStory(h: Harness, story: Story): Promise<Story> {
  const [row] = await h.database.db.select().from(stories).where(eq(stories.id, story.id));
  return row!;
}

export type StoryControl = 'ready' | 'start' | 'done' | 'wont_do' | 'idea' | 'watch';

export async function pressStory(h: Harness, actor: Actor, story: Story, control: StoryControl) {
  const responseUrl = h.emulator.responseUrl();
  const triggerId = `trigger-${randomUUID()}`;
  const payload = blockActions(actor, { action_id: `story_${control}_button`, block_id: `story_controls:${story.id}`, type: 'button', value: String(story.id) }, { channelId: story.threadChannelId ?? 'C_PRODUCT', messageTs: story.threadTs ?? '1.1', responseUrl });
  payload.trigger_id = triggerId;
  const response = await sendInteraction(h.appUrl, payload);
  expect(response.status).toBe(200);
  return { responseUrl, triggerId };
}

/** Runs `/backlog text` (in `channelId`, else #general) and returns what the app answered on the response URL. */
export async function backlog(h: Harness, actor: Actor, text: string, channelId?: string) {
  const responseUrl = h.emulator.responseUrl();
  await sendSlashCommand(h.appUrl, { ...actor, command: '/backlog', text, responseUrl, ...(channelId ? { channelId } : {}) });
  const call = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.params.url === responseUrl && !c.failed));
  return call.params as { text: string; blocks: { type: string; block_id?: string; text?: { text: string }; elements?: any[] }[]; response_type: string };
}
