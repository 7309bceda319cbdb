import { randomUUID } from 'node:crypto';
import { FileStore, type FileUrls, type StoredFile } from './file-store.ts';
import { userOfTrigger } from './triggers.ts';

/**
 * What Slack holds, as the app's calls leave it: messages and threads per channel, ephemerals, each user's modal
 * stack and Home tab, reactions and files. The stand-in answers history, replies and views from it, and tests and
 * the sandbox page read it. Answers are Slack's shapes (`{ ok, … }`).
 */

type Answer = Record<string, unknown>;

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

/** Who a response URL answers and, for a control on a message, that message (the "original" it may replace or delete). */
export interface ResponseTarget {
  user: string;
  channel: string;
  source?: { ts: string; ephemeral: boolean };
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** A bot's message (the app's): its bot and app, as Slack marks every message an app posts. */
  bot_id?: string;
  app_id?: string;
  /** Set when a reply was also sent to the channel (`reply_broadcast`). */
  subtype?: 'thread_broadcast';
  edited?: { user: string; ts: string };
  reactions: Reaction[];
  files?: StoredFile[];
}

export interface Ephemeral {
  channel: string;
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface StoredView extends Record<string, unknown> {
  id: string;
  hash: string;
  type: string;
}

/** Slack keeps at most three modals on a stack (views.push answers push_limit_reached past that). */
const maxStack = 3;
/** Users a trigger does not name (a test's own trigger id) share this stack. */
const unknownUser = 'U_UNKNOWN';

const cursorAt = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

/** Where a cursor points (0 without one); undefined for a cursor this stand-in never handed out (Slack: invalid_cursor). */
function page(cursor: unknown): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  const offset = /^offset:(\d+)$/.exec(Buffer.from(String(cursor), 'base64').toString())?.[1];
  return offset === undefined ? undefined : Number(offset);
}

/** One page of `items` from `cursor`, `limit` long (Slack's default 100, at most 999), with Slack's paging fields. */
export function paginate<T>(items: T[], params: Record<string, any>): Answer {
  const limit = Math.min(Math.max(Number(params.limit) || 100, 1), 999);
  const from = page(params.cursor);
  if (from === undefined) return { ok: false, error: 'invalid_cursor' };
  const more = from + limit < items.length;
  return { ok: true, messages: items.slice(from, from + limit), has_more: more, response_metadata: { next_cursor: more ? cursorAt(from + limit) : '' } };
}

const isTs = (value: string) => /^\d+(\.\d+)?$/.test(value);

/** Slack timestamps in order, compared as seconds then micro-seconds (as one Number they lose their last digits). */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '0', aMicros = ''] = a.split('.');
  const [bSeconds = '0', bMicros = ''] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0'));
}

/**
 * Slack's `oldest` / `latest` / `inclusive` window of history and replies: after `oldest` and before `latest`, the
 * ends themselves only with `inclusive`; an end that is not a timestamp is refused (invalid_ts_oldest, invalid_ts_latest).
 */
function timeWindow(params: Record<string, any>): ((ts: string) => boolean) | Answer {
  const oldest = params.oldest === undefined || params.oldest === '' ? undefined : String(params.oldest);
  const latest = params.latest === undefined || params.latest === '' ? undefined : String(params.latest);
  if (oldest !== undefined && !isTs(oldest)) return { ok: false, error: 'invalid_ts_oldest' };
  if (latest !== undefined && !isTs(latest)) return { ok: false, error: 'invalid_ts_latest' };
  const inclusive = params.inclusive === true || params.inclusive === 'true' || params.inclusive === '1' || params.inclusive === 1;
  return (ts) => {
    const afterOldest = oldest === undefined || (inclusive ? compareTs(ts, oldest) >= 0 : compareTs(ts, oldest) > 0);
    const beforeLatest = latest === undefined || (inclusive ? compareTs(ts, latest) <= 0 : compareTs(ts, latest) < 0);
    return afterOldest && beforeLatest;
  };
}

const yes = (value: unknown) => value === true || value === 'true';

export class SlackState {
  private messages = new Map<string, StoredMessage[]>();
  private ephemerals: Ephemeral[] = [];
  private stacks = new Map<string, StoredView[]>();
  private homes = new Map<string, StoredView>();
  private counter = 0;

  /** Files the bot uploaded and people picked in modals. */
  readonly files: FileStore;

  constructor(
    private readonly botUser: () => string,
    fileUrls: FileUrls,
  ) {
    this.files = new FileStore(() => `F${String(++this.counter).padStart(8, '0')}`, botUser, fileUrls);
  }

  clear(): void {
    for (const store of [this.messages, this.stacks, this.homes]) store.clear();
    this.files.clear();
    this.ephemerals.length = 0;
  }

  /** The channel's messages, oldest first, thread replies included. */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.messages.get(channel) ?? [])];
  }

  /** A thread: its parent, then the replies, oldest first (empty when there is no such message). */
  thread(channel: string, ts: string): StoredMessage[] {
    const all = this.messages.get(channel) ?? [];
    const parent = all.find((message) => message.ts === ts);
    return parent ? [parent, ...all.filter((message) => message.thread_ts === ts && message.ts !== ts)] : [];
  }

  ephemeralsFor(user: string): Ephemeral[] {
    return this.ephemerals.filter((ephemeral) => ephemeral.user === user);
  }

  /** The user's open modals, root first. */
  viewsOf(user: string): StoredView[] {
    return [...(this.stacks.get(user) ?? [])];
  }

  homeOf(user: string): StoredView | undefined {
    return this.homes.get(user);
  }

  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** chat.postMessage by the bot, or (sandbox) a person's message when `user` is given. */
  post(channel: string, ts: string, params: Record<string, any>, user = this.botUser()): StoredMessage {
    const message: StoredMessage = { type: 'message', channel, ts, user, text: params.text, blocks: params.blocks, reactions: [] };
    if (user === this.botUser()) Object.assign(message, { bot_id: `B${user.replace(/^UBOT/, '')}`, app_id: 'A_SHORTLIST' });
    if (params.thread_ts) {
      message.thread_ts = String(params.thread_ts);
      if (params.reply_broadcast === true || params.reply_broadcast === 'true') message.subtype = 'thread_broadcast';
      const parent = this.find(channel, message.thread_ts);
      if (parent) parent.thread_ts = parent.ts;
    }
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
    return message;
  }

  /**
   * chat.update. A message the stand-in never saw (tests make up the ts of the card a button sits on) is taken as
   * posted before it started, so updating it works as it would in Slack.
   */
  update(channel: string, ts: string, params: Record<string, any>): StoredMessage {
    const message = this.find(channel, ts) ?? this.post(channel, ts, {});
    if (params.text !== undefined) message.text = params.text;
    if (params.blocks !== undefined) message.blocks = params.blocks;
    message.edited = { user: this.botUser(), ts: this.nextTs() };
    return message;
  }

  postEphemeral(channel: string, ts: string, params: Record<string, any>): void {
    this.ephemerals.push({ channel, user: String(params.user), ts, text: params.text, blocks: params.blocks, ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}) });
  }

  /** conversations.history: the channel's top-level messages (and broadcast replies) in the time window, newest first. */
  history(channel: string, params: Record<string, any>): Answer {
    const inWindow = timeWindow(params);
    if (typeof inWindow !== 'function') return inWindow;
    const top = (this.messages.get(channel) ?? []).filter((m) => (!m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast') && inWindow(m.ts));
    return paginate(top.sort((a, b) => compareTs(b.ts, a.ts)).map((m) => this.shape(m)), params);
  }

  /**
   * conversations.replies: the parent first (always, as Slack sends it whatever the window), then the replies in
   * the time window, oldest first; `thread_not_found` without a parent. `ts` may name the parent or any message in
   * the thread (Slack answers the thread it is in).
   */
  replies(channel: string, params: Record<string, any>): Answer {
    if (!params.ts) return { ok: false, error: 'invalid_arguments' };
    const inWindow = timeWindow(params);
    if (typeof inWindow !== 'function') return inWindow;
    const named = this.find(channel, String(params.ts));
    const root = named?.thread_ts && named.thread_ts !== named.ts ? named.thread_ts : String(params.ts);
    const [parent, ...replies] = this.thread(channel, root);
    if (!parent) return { ok: false, error: 'thread_not_found' };
    return paginate([parent, ...replies.filter((m) => inWindow(m.ts)).sort((a, b) => compareTs(a.ts, b.ts))].map((m) => this.shape(m)), params);
  }

  /** chat.delete, or a response URL's `delete_original`: false when there is no such message. */
  remove(channel: string, ts: string): boolean {
    const list = this.messages.get(channel) ?? [];
    const index = list.findIndex((message) => message.ts === ts);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** reactions.add / reactions.remove by the bot, with Slack's already_reacted / no_reaction. */
  react(add: boolean, params: Record<string, any>, user = this.botUser()): Answer {
    const message = this.find(String(params.channel), String(params.timestamp));
    if (!message) return { ok: false, error: 'message_not_found' };
    const name = String(params.name ?? '');
    if (!name) return { ok: false, error: 'invalid_name' };
    const reaction = message.reactions.find((r) => r.name === name);
    const mine = reaction?.users.includes(user) ?? false;
    if (add && mine) return { ok: false, error: 'already_reacted' };
    if (!add && !mine) return { ok: false, error: 'no_reaction' };
    if (add && reaction) reaction.users.push(user);
    else if (add) message.reactions.push({ name, users: [user], count: 0 });
    else reaction!.users = reaction!.users.filter((u) => u !== user);
    message.reactions = message.reactions.filter((r) => r.users.length > 0).map((r) => ({ ...r, count: r.users.length }));
    return { ok: true };
  }

  reactionsOf(params: Record<string, any>): Answer {
    const message = this.find(String(params.channel), String(params.timestamp));
    if (!message) return { ok: false, error: 'message_not_found' };
    return { ok: true, type: 'message', channel: message.channel, message: this.shape(message) };
  }

  /** views.open (a new stack), views.push (onto the trigger's user's stack) and views.publish (the Home tab). */
  open(method: 'views.open' | 'views.push', params: Record<string, any>): Answer {
    const user = userOfTrigger(params.trigger_id) ?? unknownUser;
    const stack = method === 'views.open' ? [] : (this.stacks.get(user) ?? []);
    if (stack.length >= maxStack) return { ok: false, error: 'push_limit_reached' };
    const root = stack[0]?.id;
    const view = this.view(params.view, { root_view_id: root, previous_view_id: stack[stack.length - 1]?.id ?? null });
    this.stacks.set(user, [...stack, view]);
    return { ok: true, view };
  }

  publish(params: Record<string, any>): Answer {
    const user = String(params.user_id ?? '');
    if (!user) return { ok: false, error: 'invalid_arguments' };
    const current = this.homes.get(user);
    if (params.hash && current && params.hash !== current.hash) return { ok: false, error: 'hash_conflict' };
    const view = this.view(params.view, { id: current?.id });
    this.homes.set(user, view);
    return { ok: true, view };
  }

  /** views.update by view_id or external_id: `not_found` for a view no one has open, `hash_conflict` for a stale hash. */
  updateView(params: Record<string, any>): Answer {
    const matches = (view: StoredView) => (params.view_id ? view.id === params.view_id : params.external_id !== undefined && view.external_id === params.external_id);
    for (const stack of this.stacks.values()) {
      const index = stack.findIndex(matches);
      if (index < 0) continue;
      const current = stack[index]!;
      if (params.hash && params.hash !== current.hash) return { ok: false, error: 'hash_conflict' };
      const view = this.view(params.view, { id: current.id, root_view_id: current.root_view_id, previous_view_id: current.previous_view_id });
      stack[index] = view;
      return { ok: true, view };
    }
    return { ok: false, error: 'not_found' };
  }

  /**
   * What Slack does with the stack after a view_submission, given the app's answer: close the top view, or
   * `response_action` update / push / clear (errors leave it as it is).
   */
  afterSubmission(user: string, answer: Record<string, any> | undefined): void {
    const stack = this.stacks.get(user) ?? [];
    const top = stack[stack.length - 1];
    const action = answer?.response_action;
    if (action === 'errors') return;
    if (action === 'clear' || !top) this.stacks.delete(user);
    else if (action === 'update') stack[stack.length - 1] = this.view(answer!.view, { id: top.id, root_view_id: top.root_view_id, previous_view_id: top.previous_view_id });
    else if (action === 'push') stack.push(this.view(answer!.view, { root_view_id: stack[0]!.id, previous_view_id: top.id }));
    else stack.pop();
    if (stack.length === 0) this.stacks.delete(user);
  }

  /** The user closed the top modal (the X): it goes, and the one below shows again. */
  closeTop(user: string): StoredView | undefined {
    const stack = this.stacks.get(user) ?? [];
    const closed = stack.pop();
    if (stack.length === 0) this.stacks.delete(user);
    return closed;
  }

  /**
   * What a response URL does, as Slack does it: `delete_original` deletes the message the control was on and
   * `replace_original` replaces its text and blocks, keeping who sees it (an ephemeral stays the person's, a
   * channel message stays everyone's); otherwise a new message, ephemeral for the person unless `response_type`
   * is `in_channel`. A slash command has no original, so replacing there posts anew (and deleting does nothing).
   */
  respond(target: ResponseTarget, ts: string, params: Record<string, any>): void {
    const { source } = target;
    const ephemeral = source?.ephemeral ? this.ephemerals.find((e) => e.user === target.user && e.channel === target.channel && e.ts === source.ts) : undefined;
    const original = source && !source.ephemeral ? this.find(target.channel, source.ts) : ephemeral;
    if (yes(params.delete_original)) {
      if (ephemeral) this.ephemerals.splice(this.ephemerals.indexOf(ephemeral), 1);
      else if (source) this.remove(target.channel, source.ts);
      return;
    }
    if (yes(params.replace_original) && original) {
      original.text = params.text;
      original.blocks = params.blocks;
      return;
    }
    const message = { ...params, ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}) };
    if (params.response_type === 'in_channel') this.post(target.channel, ts, message);
    else this.postEphemeral(target.channel, ts, { ...message, user: target.user });
  }

  /** Everything held, as JSON (file bytes in base64), for the sandbox to keep across restarts. */
  snapshot(): Record<string, unknown> {
    return { messages: [...this.messages], ephemerals: this.ephemerals, stacks: [...this.stacks], homes: [...this.homes], files: this.files.snapshot(), counter: this.counter };
  }

  /** Takes back what `snapshot` gave. */
  restore(snapshot: Record<string, any>): void {
    this.clear();
    for (const [key, value] of snapshot.messages ?? []) this.messages.set(key, value);
    this.ephemerals.push(...(snapshot.ephemerals ?? []));
    for (const [key, value] of snapshot.stacks ?? []) this.stacks.set(key, value);
    for (const [key, value] of snapshot.homes ?? []) this.homes.set(key, value);
    this.files.restore(snapshot.files ?? []);
    this.counter = Number(snapshot.counter) || 0;
  }

  /** files.completeUploadExternal: titles the files and, given `channel_id`, shares them in one message (in `thread_ts`'s thread). */
  completeUpload(params: Record<string, any>, ts: string): Answer {
    const wanted: { id: string; title?: string }[] = Array.isArray(params.files) ? params.files : [];
    const files = wanted.map((f) => this.files.get(String(f?.id)));
    if (files.length === 0 || files.some((f) => !f || f.deleted)) return { ok: false, error: 'file_not_found' };
    for (const [index, file] of files.entries()) file!.title = wanted[index]?.title ?? file!.title;
    if (params.channel_id) {
      const message = this.post(String(params.channel_id), ts, { text: params.initial_comment ?? '', thread_ts: params.thread_ts });
      message.files = files as StoredFile[];
      for (const file of files) file!.channels.push(String(params.channel_id));
    }
    return { ok: true, files: files.map((f) => ({ id: f!.id, title: f!.title })) };
  }

  private find(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((message) => message.ts === ts);
  }

  /** A stored view as Slack describes it: the app's view plus its id, a fresh hash and empty state. */
  private view(view: Record<string, any>, ids: { id?: string; root_view_id?: unknown; previous_view_id?: unknown }): StoredView {
    const id = ids.id ?? `V${String(++this.counter).padStart(8, '0')}`;
    const stack = view.type === 'modal' ? { root_view_id: ids.root_view_id ?? id, previous_view_id: ids.previous_view_id ?? null } : {};
    return { ...view, id, type: String(view.type), hash: randomUUID().replaceAll('-', '').slice(0, 20), state: { values: {} }, ...stack };
  }

  /** A message as history and replies show it: with its thread's reply count and latest reply. */
  private shape(message: StoredMessage): Record<string, unknown> {
    const { channel: _channel, files, reactions, ...rest } = message;
    const replies = message.thread_ts === message.ts ? this.thread(message.channel, message.ts).slice(1) : [];
    return {
      ...rest,
      ...(reactions.length > 0 ? { reactions } : {}),
      ...(files ? { files: files.map((f) => this.files.shape(f)) } : {}),
      ...(replies.length > 0 ? { reply_count: replies.length, reply_users: [...new Set(replies.map((r) => r.user))], latest_reply: replies[replies.length - 1]!.ts } : {}),
    };
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
  }
}
