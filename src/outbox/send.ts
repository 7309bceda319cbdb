import { buildBugConfirmation } from '../blocks/bug-message.ts';
import { buildDigest, digestChannelMissingText, teamDigestChannelMissingText } from '../blocks/digest.ts';
import type { SlackMessage } from '../blocks/message.ts';
import { buildStoryMessage } from '../blocks/story-message.ts';
import { buildMovedTriageMessage, buildTriageMessage } from '../blocks/triage-message.ts';
import { itemTeams, itemTeamsOf } from '../teams/team-choice.ts';
import { listTeams } from '../teams/team-store.ts';
import { listBugFiles } from '../bugs/bug-files.ts';
import { findBug } from '../bugs/find-bug.ts';
import { findSimilarBugs } from '../bugs/similar-bugs.ts';
import type { Db } from '../db/client.ts';
import type { Bug, Story } from '../db/schema.ts';
import { bugKey, storyKey } from '../items/types.ts';
import { flagStatesOf } from '../rollouts/apply-flag-events.ts';
import { findStory } from '../stories/find-story.ts';
import { untilFirstPost } from './item-thread.ts';
import { storyPostKey, triagePostKey } from './keys.ts';
import type { OutboxPayload, PayloadOf } from './messages.ts';
import { dropped, type SendDeps, type SendOutcome, sent, type SentRecord } from './outcome.ts';
import { postMessage, postOrFallback } from './posting.ts';
import { sendDm, sendItemNotice, sendThreadReply } from './send-notices.ts';
import { shareBugFiles } from './share-files.ts';

type Sender<P> = (deps: SendDeps, workspaceId: string, payload: P) => Promise<SendOutcome>;

const recordThread = (bugId: number, channel: string, ts: string): SentRecord => ({ table: 'bugs', id: bugId, set: { threadChannelId: channel, threadTs: ts } });

const privateNote = "_I can't post in that channel, so only you can see this. Invite me with `/invite @Shortlist` to share bugs there._";

/** A sender of messages about one bug, given the bug as it is now; a bug gone by then is not written about. */
const aboutBug =
  <P extends { bugId: number }>(send: (deps: SendDeps, bug: Bug, payload: P) => Promise<SendOutcome>): Sender<P> =>
  async (deps, workspaceId, payload) => {
    const bug = await findBug(deps.db, workspaceId, payload.bugId);
    return bug ? send(deps, bug, payload) : dropped('bug_not_found');
  };

/** The same for one story. */
const aboutStory =
  <P extends { storyId: number }>(send: (deps: SendDeps, story: Story, payload: P) => Promise<SendOutcome>): Sender<P> =>
  async (deps, workspaceId, payload) => {
    const story = await findStory(deps.db, workspaceId, payload.storyId);
    return story ? send(deps, story, payload) : dropped('story_not_found');
  };

/** The ephemeral answer through a slash command's response URL; false when it did not go through. */
async function respondPrivately(responseUrl: string, message: SlackMessage): Promise<boolean> {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', text: message.text, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: privateNote }] }] }),
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
  return response?.ok === true;
}

/**
 * Confirms a filed bug where it was filed. When the bot may not post there, the reporter hears
 * privately: through the slash command's response URL, else by DM.
 */
async function sendConfirmation({ db, client, logger }: SendDeps, bug: Bug, payload: PayloadOf<'bug_confirmation'>): Promise<SendOutcome> {
  const similar = await findSimilarBugs(db, bug.workspaceId, bug.summary, bug.id);
  const message = buildBugConfirmation(bug, similar);
  const { channelId, threadTs } = payload;
  if (channelId) {
    const where = { channelId, key: bugKey(bug.number) };
    const posted = await postOrFallback(logger, where, 'cannot post in channel; telling the reporter privately', () => postMessage(client, channelId, message, threadTs));
    if (posted) return sent(recordThread(bug.id, posted.channel, threadTs ?? posted.ts));
    if (payload.responseUrl && (await respondPrivately(payload.responseUrl, message))) return sent();
  }
  const dm = await postMessage(client, bug.reporterId, message);
  return sent(recordThread(bug.id, dm.channel, dm.ts));
}

async function updateConfirmation({ db, client }: SendDeps, bug: Bug, payload: PayloadOf<'confirmation_update'>): Promise<SendOutcome> {
  const original = bug.duplicateOfId ? await findBug(db, bug.workspaceId, bug.duplicateOfId) : undefined;
  const message = buildBugConfirmation(bug, [], original);
  await client.chat.update({ channel: payload.channelId, ts: payload.ts, text: message.text, blocks: message.blocks });
  return sent();
}

/**
 * The triage message, in the bug's team's triage channel, else where the bug was filed. The team's channel
 * comes with the workspace's teams, which the message names anyway: one read, not two.
 */
async function postTriage({ db, client }: SendDeps, bug: Bug): Promise<SendOutcome> {
  if (bug.triageTs) return sent();
  const [all, files] = await Promise.all([listTeams(db, bug.workspaceId), listBugFiles(db, bug.workspaceId, bug.id)]);
  const channel = all.find((team) => team.id === bug.teamId)?.triageChannelId ?? bug.channelId;
  if (!channel || !/^[CG]/.test(channel)) return dropped('no_triage_channel');
  const posted = await postMessage(client, channel, buildTriageMessage(bug, itemTeamsOf(all, bug.teamId), files));
  return sent({ table: 'bugs', id: bug.id, set: { triageChannelId: posted.channel, triageTs: posted.ts } });
}

/** Redraws an item's message in place from the item as it is now; while the message is still queued, waits for it. */
async function redraw({ db, client }: SendDeps, workspaceId: string, at: { channel: string | null; ts: string | null }, firstPost: string, missing: string, build: () => SlackMessage): Promise<SendOutcome> {
  if (!at.channel || !at.ts) return (await untilFirstPost(db, workspaceId, firstPost)) ?? dropped(missing);
  const message = build();
  await client.chat.update({ channel: at.channel, ts: at.ts, text: message.text, blocks: message.blocks });
  return sent();
}

async function updateTriage(deps: SendDeps, bug: Bug): Promise<SendOutcome> {
  const [teams, files] = await Promise.all([itemTeams(deps.db, bug.workspaceId, bug.teamId), listBugFiles(deps.db, bug.workspaceId, bug.id)]);
  return redraw(deps, bug.workspaceId, { channel: bug.triageChannelId, ts: bug.triageTs }, triagePostKey(bug.id), 'no_triage_message', () => buildTriageMessage(bug, teams, files));
}

/** The story message, where the story was written; to its author when the bot may not post there. */
async function postStory({ db, client, logger }: SendDeps, story: Story, payload: PayloadOf<'story_post'>): Promise<SendOutcome> {
  if (story.threadTs) return sent();
  const message = buildStoryMessage(story, payload.tip, await flagStatesOfStory(db, story));
  const { channelId } = payload;
  const where = { channelId, key: storyKey(story.number) };
  const inChannel = channelId ? await postOrFallback(logger, where, 'cannot post in channel; sending the story to its author', () => postMessage(client, channelId, message)) : undefined;
  const { channel, ts } = inChannel ?? (await postMessage(client, story.reporterId, message));
  return sent({ table: 'stories', id: story.id, set: { threadChannelId: channel, threadTs: ts } });
}

/** What is known of the story's flag in its team (a key seen before the story had it shows at once). */
const flagStatesOfStory = (db: Db, story: Story) => (story.flagKey ? flagStatesOf(db, story.teamId, [story.flagKey]) : Promise.resolve([]));

async function updateStory(deps: SendDeps, story: Story): Promise<SendOutcome> {
  const states = await flagStatesOfStory(deps.db, story);
  return redraw(deps, story.workspaceId, { channel: story.threadChannelId, ts: story.threadTs }, storyPostKey(story.id), 'no_story_message', () => buildStoryMessage(story, undefined, states));
}

/** A message for a channel; to `fallbackUserId`, when set, if the bot may not post there. */
async function postToChannel({ client, logger }: SendDeps, to: { channelId: string; threadTs?: string; fallbackUserId?: string }, message: Partial<SlackMessage> & { text: string }): Promise<SendOutcome> {
  const { channelId, fallbackUserId } = to;
  const post = () => client.chat.postMessage({ channel: channelId, ...message, ...(to.threadTs ? { thread_ts: to.threadTs } : {}) });
  if (!fallbackUserId) await post();
  else if (!(await postOrFallback(logger, { channelId }, 'cannot post in channel; sending it to who asked', post))) await client.chat.postMessage({ channel: fallbackUserId, ...message });
  return sent();
}

/** A ready-made message for a channel (digests were queued so before `digest`). */
const sendPost: Sender<PayloadOf<'post'>> = (deps, _workspaceId, payload) => postToChannel(deps, payload, { text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) });

/** A digest, written from the data collected when it was queued. */
const sendDigest: Sender<PayloadOf<'digest'>> = (deps, _workspaceId, payload) => postToChannel(deps, payload, buildDigest(payload.data, payload.options));

/** The installer hears, once, that the weekly digest has nowhere to go. */
async function sendDigestChannelMissing({ client }: SendDeps, _workspaceId: string, payload: PayloadOf<'digest_channel_missing'>): Promise<SendOutcome> {
  await client.chat.postMessage({ channel: payload.userId, text: payload.teamName ? teamDigestChannelMissingText(payload.teamName) : digestChannelMissingText });
  return sent();
}

/** The triage message a moved bug left behind: it says where the bug went, and loses its controls. */
async function sendTriageMoved({ client }: SendDeps, bug: Bug, payload: PayloadOf<'triage_moved'>): Promise<SendOutcome> {
  const message = buildMovedTriageMessage(bug, payload.teamName);
  await client.chat.update({ channel: payload.channelId, ts: payload.ts, text: message.text, blocks: message.blocks });
  return sent();
}

/** Which sender sends each kind of message. */
const senders: { [T in OutboxPayload['type']]: Sender<PayloadOf<T>> } = {
  bug_confirmation: aboutBug(sendConfirmation),
  confirmation_update: aboutBug(updateConfirmation),
  triage_post: aboutBug(postTriage),
  bug_files_share: aboutBug(shareBugFiles),
  triage_update: aboutBug(updateTriage),
  triage_moved: aboutBug(sendTriageMoved),
  story_post: aboutStory(postStory),
  story_update: aboutStory(updateStory),
  item_notice: sendItemNotice,
  thread_reply: sendThreadReply,
  dm: sendDm,
  post: sendPost,
  digest: sendDigest,
  digest_channel_missing: sendDigestChannelMissing,
};

export function sendPayload(deps: SendDeps, workspaceId: string, payload: OutboxPayload): Promise<SendOutcome> {
  return (senders[payload.type] as Sender<OutboxPayload>)(deps, workspaceId, payload);
}
