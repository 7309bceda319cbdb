import type { WebClient } from '@slack/web-api';
import { bugKey, storyKey } from '../items/types.ts';
import { eq } from 'drizzle-orm';
import { buildBugConfirmation, type SlackMessage } from '../blocks/bug-message.ts';
import { buildTriageMessage } from '../blocks/triage-message.ts';

import { findBug } from '../bugs/find-bug.ts';
import { findSimilarBugs } from '../bugs/similar-bugs.ts';
import type { Db } from '../db/client.ts';
import { type Bug, workspaces } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { buildStoryMessage } from '../blocks/story-message.ts';
import { findStory } from '../stories/find-story.ts';
import { pending } from './item-thread.ts';
import { storyPostKey, triagePostKey } from './keys.ts';

import type { OutboxPayload } from './messages.ts';
import { sendNoticeDm, sendThreadReply } from './send-thread-reply.ts';
import { cannotPostInChannel, slackErrorCode } from './slack-errors.ts';

/**
 * Where a first post landed, stored on its item in the same statement that marks the message sent: the
 * bug's thread, its triage message, or the story's message.
 */
export type SentRecord =
  | { table: 'bugs'; id: number; set: { threadChannelId: string; threadTs: string } | { triageChannelId: string; triageTs: string } }
  | { table: 'stories'; id: number; set: { threadChannelId: string; threadTs: string } };

/** What sending decided: done (with what to record), wait, or give up. */
export type SendOutcome =
  | { kind: 'sent'; record?: SentRecord }
  | { kind: 'defer'; ms: number; reason: string }
  | { kind: 'dropped'; reason: string };

export interface SendDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
}

const sent = (record?: SentRecord): SendOutcome => ({ kind: 'sent', record });

async function postMessage(client: WebClient, channel: string, message: SlackMessage, threadTs?: string) {
  const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) });
  return { channel: result.channel ?? channel, ts: result.ts! };
}

const recordThread = (bugId: number, channel: string, ts: string): SentRecord => ({ table: 'bugs', id: bugId, set: { threadChannelId: channel, threadTs: ts } });

const privateNote = "_I can't post in that channel, so only you can see this. Invite me with `/invite @Shortlist` to share bugs there._";

/**
 * Confirms a filed bug where it was filed. When the bot may not post there, the reporter hears
 * privately: through the slash command's response URL, else by DM.
 */
async function sendConfirmation({ db, client, logger }: SendDeps, bug: Bug, payload: Extract<OutboxPayload, { type: 'bug_confirmation' }>): Promise<SendOutcome> {
  const similar = await findSimilarBugs(db, bug.workspaceId, bug.summary, bug.id);
  const message = buildBugConfirmation(bug, similar);
  if (payload.channelId) {
    try {
      const posted = await postMessage(client, payload.channelId, message, payload.threadTs);
      return sent(recordThread(bug.id, posted.channel, payload.threadTs ?? posted.ts));
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code || !cannotPostInChannel.has(code)) throw error;
      logger.info({ channelId: payload.channelId, error: code, key: bugKey(bug.number) }, 'cannot post in channel; telling the reporter privately');
    }
    if (payload.responseUrl) {
      const response = await fetch(payload.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: message.text, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: privateNote }] }] }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
      if (response?.ok) return sent();
    }
  }
  const dm = await postMessage(client, bug.reporterId, message);
  return sent(recordThread(bug.id, dm.channel, dm.ts));
}

async function triageChannel(db: Db, bug: Bug): Promise<string | null> {
  const [workspace] = await db.select({ channel: workspaces.triageChannelId }).from(workspaces).where(eq(workspaces.id, bug.workspaceId));
  return workspace?.channel ?? bug.channelId;
}

async function sendStoryPost({ db, client, logger }: SendDeps, workspaceId: string, payload: Extract<OutboxPayload, { type: 'story_post' }>): Promise<SendOutcome> {
  const story = await findStory(db, workspaceId, payload.storyId);
  if (!story) return { kind: 'dropped', reason: 'story_not_found' };
  if (story.threadTs) return sent();
  const message = buildStoryMessage(story, payload.tip);
  let posted: { channel: string; ts: string } | undefined;
  if (payload.channelId) {
    try {
      posted = await postMessage(client, payload.channelId, message);
    } catch (error) {
      const code = slackErrorCode(error);
      if (!code || !cannotPostInChannel.has(code)) throw error;
      logger.info({ channelId: payload.channelId, error: code, key: storyKey(story.number) }, 'cannot post in channel; sending the story to its author');
    }
  }
  posted ??= await postMessage(client, story.reporterId, message);
  const { channel, ts } = posted;
  return sent({ table: 'stories', id: story.id, set: { threadChannelId: channel, threadTs: ts } });
}

export async function sendPayload(deps: SendDeps, workspaceId: string, payload: OutboxPayload): Promise<SendOutcome> {
  const { db, client } = deps;
  switch (payload.type) {
    case 'dm':
      if (payload.about) return sendNoticeDm(deps, workspaceId, { ...payload, about: payload.about });
      await client.chat.postMessage({ channel: payload.userId, text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) });
      return sent();
    case 'post': {
      const message = { text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) };
      try {
        await client.chat.postMessage({ channel: payload.channelId, ...message, ...(payload.threadTs ? { thread_ts: payload.threadTs } : {}) });
      } catch (error) {
        const code = slackErrorCode(error);
        if (!payload.fallbackUserId || !code || !cannotPostInChannel.has(code)) throw error;
        await client.chat.postMessage({ channel: payload.fallbackUserId, ...message });
      }
      return sent();
    }
    case 'story_post':
      return sendStoryPost(deps, workspaceId, payload);
    case 'story_update': {
      const story = await findStory(db, workspaceId, payload.storyId);
      if (!story) return { kind: 'dropped', reason: 'story_not_found' };
      if (!story.threadTs || !story.threadChannelId) {
        if (await pending(db, workspaceId, storyPostKey(story.id))) return { kind: 'defer', ms: 1000, reason: 'story message not posted yet' };
        return { kind: 'dropped', reason: 'no_story_message' };
      }
      const message = buildStoryMessage(story);
      await client.chat.update({ channel: story.threadChannelId, ts: story.threadTs, text: message.text, blocks: message.blocks });
      return sent();
    }
    case 'thread_reply':
      return sendThreadReply(deps, workspaceId, payload);
    default:
      break;
  }
  const bug = await findBug(db, workspaceId, payload.bugId);
  if (!bug) return { kind: 'dropped', reason: 'bug_not_found' };
  switch (payload.type) {
    case 'bug_confirmation':
      return sendConfirmation(deps, bug, payload);
    case 'confirmation_update': {
      const original = bug.duplicateOfId ? await findBug(db, workspaceId, bug.duplicateOfId) : undefined;
      const message = buildBugConfirmation(bug, [], original);
      await client.chat.update({ channel: payload.channelId, ts: payload.ts, text: message.text, blocks: message.blocks });
      return sent();
    }
    case 'triage_post': {
      if (bug.triageTs) return sent();
      const channel = await triageChannel(db, bug);
      if (!channel || !/^[CG]/.test(channel)) return { kind: 'dropped', reason: 'no_triage_channel' };
      const posted = await postMessage(client, channel, buildTriageMessage(bug));
      return sent({ table: 'bugs', id: bug.id, set: { triageChannelId: posted.channel, triageTs: posted.ts } });
    }
    case 'triage_update': {
      if (!bug.triageTs || !bug.triageChannelId) {
        if (await pending(db, workspaceId, triagePostKey(bug.id))) return { kind: 'defer', ms: 1000, reason: 'triage message not posted yet' };
        return { kind: 'dropped', reason: 'no_triage_message' };
      }
      const message = buildTriageMessage(bug);
      await client.chat.update({ channel: bug.triageChannelId, ts: bug.triageTs, text: message.text, blocks: message.blocks });
      return sent();
    }
  }
}
