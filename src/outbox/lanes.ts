import type { OutboxPayload, PayloadOf } from './messages.ts';

/**
 * Where a message goes, as far as its payload says: the messages of one lane (`orderKey`, within a
 * workspace) are sent strictly in the order they were queued, one at a time; different lanes go out side by
 * side. `channel` (when the payload names it) and `method` are what its first Slack call will be paced by.
 */
export interface Lane {
  orderKey: string;
  channel?: string;
  method?: 'chat.postMessage' | 'chat.update';
}

const item = (kind: string, id: number) => `${kind}:${id}`;

/**
 * Each payload type's lane. Everything about one item (its first post, the triage message, notices in its
 * thread, DMs about it) shares the item's lane, so a notice never overtakes the post that opens its thread.
 * A type missing here (one added since) goes in the workspace's one serial lane: slower, never out of order.
 */
const lanes: { [T in OutboxPayload['type']]?: (payload: PayloadOf<T>) => Lane } = {
  bug_confirmation: (p) => ({ orderKey: item('bug', p.bugId), channel: p.channelId ?? undefined }),
  confirmation_update: (p) => ({ orderKey: item('bug', p.bugId), channel: p.channelId, method: 'chat.update' }),
  triage_post: (p) => ({ orderKey: item('bug', p.bugId) }),
  // Shared into the bug's thread: after its confirmation, in the bug's order.
  bug_files_share: (p) => ({ orderKey: item('bug', p.bugId) }),
  triage_update: (p) => ({ orderKey: item('bug', p.bugId), method: 'chat.update' }),
  triage_moved: (p) => ({ orderKey: item('bug', p.bugId), channel: p.channelId, method: 'chat.update' }),
  story_post: (p) => ({ orderKey: item('story', p.storyId), channel: p.channelId ?? undefined }),
  story_update: (p) => ({ orderKey: item('story', p.storyId), method: 'chat.update' }),
  item_notice: (p) => ({ orderKey: item(p.item.kind, p.item.id), channel: typeof p.to === 'object' ? p.to.userId : undefined }),
  thread_reply: (p) => ({ orderKey: item(p.itemType, p.itemId) }),
  dm: (p) => ({ orderKey: p.about ? item(p.about.itemType, p.about.itemId) : `user:${p.userId}`, channel: p.userId }),
  post: (p) => ({ orderKey: `channel:${p.channelId}:${p.threadTs ?? ''}`, channel: p.channelId }),
  digest: (p) => ({ orderKey: `channel:${p.channelId}:`, channel: p.channelId }),
  digest_channel_missing: (p) => ({ orderKey: `user:${p.userId}`, channel: p.userId }),
};

/** The lane of a payload as stored (checked properly only when it is sent): unreadable ones get one lane each, so they block nothing. */
export function laneOf(payload: unknown, rowId: number): Lane {
  const type = (payload as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return { orderKey: `unreadable:${rowId}` };
  const lane = lanes[type as OutboxPayload['type']] as ((p: OutboxPayload) => Lane) | undefined;
  if (!lane) return { orderKey: 'workspace' };
  try {
    return lane(payload as OutboxPayload);
  } catch {
    return { orderKey: `unreadable:${rowId}` };
  }
}
