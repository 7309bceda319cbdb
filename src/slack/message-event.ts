import { z } from 'zod';
import { timeOfTs } from '../comments/record-comment.ts';
import type { StoredFile } from '../db/schema.ts';
import { truncate } from '../text/limits.ts';

/*
 * A `message` event (message.channels, message.groups, message.im) read as what it means for comments: a
 * person's new reply in a thread, an edit, a deletion, or nothing. Everything is checked here, at the edge:
 * the domain gets only well-formed replies by people.
 */

const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9_]{1,40}$/);
const userId = z.string().regex(/^[UW][A-Z0-9_]{1,40}$/);

/** A message as events carry it (the event itself, or the `message` of an edit), with only what comments need. */
const messageSchema = z.object({
  subtype: z.string().optional(),
  user: z.unknown().optional(),
  bot_id: z.unknown().optional(),
  ts: z.unknown().optional(),
  thread_ts: z.unknown().optional(),
  text: z.unknown().optional(),
  files: z.unknown().optional(),
  edited: z.object({ ts: z.unknown().optional() }).loose().optional(),
}).loose();

type Message = z.infer<typeof messageSchema>;

/** The event: a message, with what an edit or a deletion adds (the edited message, what was deleted). */
const eventSchema = messageSchema.extend({ channel: z.unknown().optional(), message: z.unknown().optional(), previous_message: z.unknown().optional(), deleted_ts: z.unknown().optional() });

/** One file as Slack describes it; a file object that is not this (or too big to be Slack's) is dropped, never stored. */
const fileSchema = z.object({
  id: z.string().regex(/^F[A-Z0-9]{1,40}$/),
  name: z.string().max(1000).nullish(),
  title: z.string().max(1000).nullish(),
  mimetype: z.string().max(255).nullish(),
  filetype: z.string().max(64).nullish(),
  size: z.number().int().nonnegative().max(1e12).nullish(),
  permalink: z.url({ protocol: /^https?$/ }).max(2000).nullish(),
});

/** Slack shows at most 10 files on a message; more than this is not Slack's. */
const MAX_FILES = 20;
/** Slack's own limit on a message's text. */
const MAX_TEXT = 40_000;

export type MessageEventMeaning =
  | { kind: 'reply'; channelId: string; ts: string; threadTs: string; authorId: string; text: string; files: StoredFile[]; droppedFiles: number }
  | { kind: 'edit'; channelId: string; ts: string; text: string; files: StoredFile[]; editedAt: Date; droppedFiles: number }
  | { kind: 'deletion'; channelId: string; ts: string }
  /** `malformed`: not what Slack sends (logged at info); anything else is just not a comment (debug). */
  | { kind: 'ignored'; reason: string; malformed: boolean };

const ignored = (reason: string, malformed = false): MessageEventMeaning => ({ kind: 'ignored', reason, malformed });

/** The bot that reads the events: its own messages are never comments. */
export interface Self {
  botUserId?: string;
  botId?: string;
}

/** Who wrote a message, when it is a person (not a bot, not Shortlist); else why not. */
function personOf(message: Message, self: Self): { authorId: string } | { reason: string; malformed: boolean } {
  if (message.bot_id !== undefined || message.subtype === 'bot_message') return { reason: 'bot_message', malformed: false };
  const user = userId.safeParse(message.user);
  if (!user.success) return { reason: 'no_user', malformed: true };
  if (user.data === self.botUserId) return { reason: 'own_message', malformed: false };
  return { authorId: user.data };
}

/** A reply's place: its ts and its thread's, when it is in a thread and not the thread's parent. */
function placeOf(message: Message): { ts: string; threadTs: string } | { reason: string; malformed: boolean } {
  const own = ts.safeParse(message.ts);
  if (!own.success) return { reason: 'no_ts', malformed: true };
  if (message.thread_ts === undefined || message.thread_ts === own.data) return { reason: 'not_a_reply', malformed: false };
  const thread = ts.safeParse(message.thread_ts);
  return thread.success ? { ts: own.data, threadTs: thread.data } : { reason: 'bad_thread_ts', malformed: true };
}

function textOf(message: Message): string {
  // PostgreSQL cannot store NUL in text; Slack never sends one, a forged event might.
  return typeof message.text === 'string' ? truncate(message.text.replaceAll('\u0000', ''), MAX_TEXT) : '';
}

/** The files of a message, as far as they are Slack's file objects; how many were not. */
function filesOf(message: Message): { files: StoredFile[]; droppedFiles: number } {
  if (message.files === undefined) return { files: [], droppedFiles: 0 };
  if (!Array.isArray(message.files)) return { files: [], droppedFiles: 1 };
  const files: StoredFile[] = [];
  for (const raw of message.files.slice(0, MAX_FILES)) {
    const file = fileSchema.safeParse(raw);
    if (!file.success) continue;
    const { id, name, title, mimetype, filetype, size, permalink } = file.data;
    files.push({ id, name: truncate(name || title || id, 255), mimetype: mimetype ?? null, filetype: filetype ?? null, size: size ?? null, permalink: permalink ?? null });
  }
  return { files, droppedFiles: message.files.length - files.length };
}

/** What one `message` event means for comments. */
export function readMessageEvent(event: unknown, self: Self): MessageEventMeaning {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return ignored('not_a_message', true);
  const message = parsed.data;
  const channel = channelId.safeParse(message.channel);
  if (!channel.success) return ignored('no_channel', true);
  switch (message.subtype) {
    case undefined:
    case 'thread_broadcast':
    case 'file_share': {
      const person = personOf(message, self);
      if ('reason' in person) return ignored(person.reason, person.malformed);
      const place = placeOf(message);
      if ('reason' in place) return ignored(place.reason, place.malformed);
      return { kind: 'reply', channelId: channel.data, ...place, ...person, text: textOf(message), ...filesOf(message) };
    }
    case 'message_changed': {
      const edited = messageSchema.safeParse(message.message);
      if (!edited.success) return ignored('no_edited_message', true);
      const person = personOf(edited.data, self);
      if ('reason' in person) return ignored(person.reason, person.malformed);
      const place = placeOf(edited.data);
      if ('reason' in place) return ignored(place.reason, place.malformed);
      // Slack also sends message_changed without an edit (a link unfurled): then the time is the event's.
      const when = ts.safeParse(edited.data.edited?.ts ?? message.ts);
      return { kind: 'edit', channelId: channel.data, ts: place.ts, text: textOf(edited.data), ...filesOf(edited.data), editedAt: when.success ? timeOfTs(when.data) : new Date() };
    }
    case 'message_deleted': {
      const deleted = ts.safeParse(message.deleted_ts);
      if (!deleted.success) return ignored('no_deleted_ts', true);
      // What was deleted, when Slack says: a top-level message or a bot's was never a comment.
      const previous = messageSchema.safeParse(message.previous_message);
      if (previous.success) {
        if (previous.data.bot_id !== undefined || previous.data.subtype === 'bot_message') return ignored('bot_message');
        if (previous.data.thread_ts === undefined || previous.data.thread_ts === deleted.data) return ignored('not_a_reply');
      }
      return { kind: 'deletion', channelId: channel.data, ts: deleted.data };
    }
    case 'bot_message':
      return ignored('bot_message');
    default:
      return ignored(`subtype ${truncate(message.subtype, 40)}`);
  }
}
