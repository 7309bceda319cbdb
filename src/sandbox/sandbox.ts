/**
 * Sandbox mode: the Slack stand-in as a person uses it in the browser. The people and channels of a small
 * workspace, the stand-in's state kept in `slack.json` across restarts, and the page's JSON API
 * (`/sandbox/api/*`), which turns what a person does into the signed requests Slack would send the bot.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type Actor, interactionFrom, messageShortcut, sendEvent, sendInteraction, sendSlashCommand } from './deliver.ts';
import { commonReactions, emojiOf } from './emoji.ts';
import type { SlackEmulator } from './slack-standin.ts';
import { triggerFor } from './triggers.ts';

export const SECOND_TEAM = 'T_SECOND';

export interface Person {
  id: string;
  name: string;
  real_name: string;
  team_id: string;
  is_admin: boolean;
  role: string;
}

export function sandboxPeople(teamId: string): Person[] {
  return [
    { id: 'U_REPORTER', name: 'rita', real_name: 'Rita Reporter', team_id: teamId, is_admin: false, role: 'reporter' },
    { id: 'U_TRIAGER', name: 'tom', real_name: 'Tom Triager', team_id: teamId, is_admin: false, role: 'triager' },
    { id: 'U_ADMIN', name: 'ada', real_name: 'Ada Admin', team_id: teamId, is_admin: true, role: 'workspace admin' },
    { id: 'U_OTHER', name: 'otto', real_name: 'Otto Other', team_id: SECOND_TEAM, is_admin: false, role: 'second workspace' },
  ];
}

export const sandboxChannels = [
  { id: 'C_BUGS', name: 'bugs' },
  { id: 'C_WEB', name: 'web' },
  { id: 'C_TRIAGE', name: 'triage' },
  { id: 'C_DIGEST', name: 'digest' },
];

/** A person's DM with the bot, as the stand-in's conversations.open names it. */
export const dmOf = (user: string) => `D${user.slice(1)}`;

export interface SandboxOptions {
  emulator: SlackEmulator;
  /** Where slack.json is kept. */
  dir: string;
  signingSecret: string;
  /** The bot's base URL (it changes only across a reset, if at all). */
  botUrl: () => string;
  /** Where the built page is (dist/: sandbox.html, copied from src/sandbox/page/, and sandbox.js, bundled). */
  assets: string;
  /** Clears the stand-in and the sandbox database. */
  reset: () => Promise<void>;
}

interface Delivered {
  at: number;
  kind: string;
  body: unknown;
  status: number;
  response: unknown;
}

const MAX_LOG = 300;
/** Slack's limit on a file picked in a modal's file input. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new TooLarge(`${what} is over ${max / (1024 * 1024)} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const text = (await readBody(req, 1_000_000, 'the request')).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export class Sandbox {
  readonly people: Person[];
  private delivered: Delivered[] = [];
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly file: string;

  constructor(private readonly options: SandboxOptions) {
    const { emulator } = options;
    this.people = sandboxPeople(emulator.teamId);
    this.file = join(options.dir, 'slack.json');
    for (const person of this.people) emulator.users.set(person.id, { name: person.name, real_name: person.real_name, team_id: person.team_id, is_admin: person.is_admin, profile: { display_name: person.real_name } });
    for (const channel of sandboxChannels) emulator.channels.set(channel.id, { name: channel.name, is_member: true });
    if (existsSync(this.file)) emulator.state.restore(JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, any>);
    emulator.onChange = () => this.changed();
  }

  /** Saves the stand-in's state soon (changes in a burst are written once). */
  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 200);
    this.saveTimer.unref();
  }

  save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.options.emulator.state.snapshot()));
    renameSync(temp, this.file);
  }

  /** Forgets the log (the reset clears the stand-in itself). */
  forget(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.delivered.length = 0;
  }

  /** Serves /sandbox, its script and its API; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const asset = path === '/sandbox' || path === '/sandbox/' ? ['sandbox.html', 'text/html; charset=utf-8'] : path === '/sandbox/sandbox.js' ? ['sandbox.js', 'text/javascript; charset=utf-8'] : undefined;
    if (asset && req.method === 'GET') {
      const file = join(this.options.assets, asset[0]!);
      if (existsSync(file)) send(res, 200, readFileSync(file, 'utf8'), asset[1]);
      else send(res, 404, `${asset[0]} is not built: run npm run build`, 'text/plain');
      return true;
    }
    if (!path.startsWith('/sandbox/api/')) return false;
    const name = path.slice('/sandbox/api/'.length);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const work =
      req.method === 'GET' && name === 'state'
        ? Promise.resolve(this.state(query.get('user') ?? ''))
        : req.method === 'POST' && name === 'upload'
          ? this.upload(req, query)
          : req.method === 'POST'
            ? readJson(req).then((body) => this.act(name, body))
            : Promise.resolve(undefined);
    work.then(
      (answer) => (answer === undefined ? send(res, 404, { ok: false, error: 'not_found' }) : send(res, 200, answer)),
      (error: unknown) => send(res, error instanceof TooLarge ? 413 : 400, { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  }

  /**
   * A file a person picked in a modal's file input (the raw bytes; `name` and the content type from the browser),
   * kept in the stand-in's file store as Slack keeps it: theirs, shared nowhere, until the form is submitted.
   */
  private async upload(req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
    const person = this.person(query.get('user'));
    const name = query.get('name')?.trim();
    if (!name) throw new Error('upload: the file needs a name (?name=)');
    const content = await readBody(req, MAX_FILE_BYTES, name);
    const type = req.headers['content-type'];
    const file = this.options.emulator.state.files.store({ name, content, user: person.id, mimetype: type && type !== 'application/octet-stream' ? type : undefined });
    this.changed();
    return { ok: true, file: { id: file.id, name: file.name, size: file.size } };
  }

  /**
   * `view.state.values` as Slack sends it: the page names a file input's files by id, and Slack sends the file
   * objects (files.info's shape) of the files the person uploaded.
   */
  private withFiles(person: Person, values: Record<string, any> | undefined): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [blockId, actions] of Object.entries(values ?? {})) {
      out[blockId] = {};
      for (const [actionId, value] of Object.entries(actions as Record<string, any>)) {
        if (value?.type !== 'file_input') {
          out[blockId][actionId] = value;
          continue;
        }
        const files = (Array.isArray(value.files) ? value.files : []).map((f: { id?: unknown }) => {
          const file = this.options.emulator.state.file(String(f?.id));
          if (!file || file.user !== person.id) throw new Error(`no file ${String(f?.id)} uploaded by ${person.id}`);
          return this.options.emulator.state.files.shape(file);
        });
        out[blockId][actionId] = { type: 'file_input', files };
      }
    }
    return out;
  }

  private person(user: unknown): Person {
    const person = this.people.find((p) => p.id === user);
    if (!person) throw new Error(`no such person: ${String(user)}`);
    return person;
  }

  private actor(person: Person): Actor {
    return { teamId: person.team_id, userId: person.id };
  }

  state(user: string): Record<string, unknown> {
    const { emulator } = this.options;
    const channels = [...sandboxChannels.map((c) => ({ ...c, kind: 'channel' })), { id: dmOf(user), name: 'Shortlist', kind: 'dm' }];
    const messages = Object.fromEntries(channels.map((c) => [c.id, emulator.messagesIn(c.id)]));
    const calls = emulator.calls.slice(-MAX_LOG).map((c) => ({ at: c.at, kind: 'api', method: c.method, body: c.params, response: c.response, failed: c.failed }));
    const log = [...calls, ...this.delivered.map((d) => ({ ...d, method: d.kind, kind: 'request' }))].sort((a, b) => a.at - b.at).slice(-MAX_LOG);
    return { ok: true, user, people: this.people, channels, messages, ephemerals: emulator.ephemeralsFor(user), views: emulator.viewsOf(user), home: emulator.homeOf(user) ?? null, log };
  }

  private async deliver(kind: string, body: unknown, request: Promise<Response>): Promise<unknown> {
    const response = await request;
    const text = await response.text();
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: kept as text.
    }
    this.delivered.push({ at: Date.now(), kind, body, status: response.status, response: answer });
    if (this.delivered.length > MAX_LOG) this.delivered.splice(0, this.delivered.length - MAX_LOG);
    return answer;
  }

  private interaction(kind: string, payload: unknown): Promise<unknown> {
    return this.deliver(kind, payload, sendInteraction(this.options.botUrl(), payload, { secret: this.options.signingSecret }));
  }

  private event(person: Person, event: Record<string, unknown>): Promise<unknown> {
    return this.deliver(`event ${String(event.type)}`, event, sendEvent(this.options.botUrl(), person.team_id, event, { secret: this.options.signingSecret }));
  }

  private async act(name: string, body: Record<string, any>): Promise<Record<string, unknown> | undefined> {
    const { emulator } = this.options;
    if (name === 'reset') {
      await this.options.reset();
      return { ok: true };
    }
    const person = this.person(body.user);
    const actor = this.actor(person);
    const channel = String(body.channel ?? dmOf(person.id));
    switch (name) {
      case 'command': {
        const [command = '', ...rest] = String(body.text ?? '').trim().split(/\s+/);
        const responseUrl = emulator.responseUrlFor({ user: person.id, channel });
        const payload = { ...actor, command, text: rest.join(' '), channelId: channel, responseUrl, triggerId: triggerFor(person.id) };
        const answer = await this.deliver(`command ${command}`, payload, sendSlashCommand(this.options.botUrl(), payload, { secret: this.options.signingSecret }));
        // An acknowledgement with a message is shown like a response URL reply.
        if (answer && typeof answer === 'object' && ('text' in answer || 'blocks' in answer)) emulator.state.respond({ user: person.id, channel }, emulator.nextTs(), answer as Record<string, any>);
        else if (typeof answer === 'string' && answer) emulator.state.respond({ user: person.id, channel }, emulator.nextTs(), { text: answer });
        emulator.onChange?.();
        return { ok: true };
      }
      case 'message': {
        const ts = emulator.nextTs();
        const threadTs = body.thread_ts ? String(body.thread_ts) : undefined;
        emulator.state.post(channel, ts, { text: String(body.text ?? ''), thread_ts: threadTs }, person.id);
        emulator.onChange?.();
        // As Slack sends a person's message: the author's team and a client id, and in a thread its parent's ts and author.
        const parent = threadTs ? emulator.messagesIn(channel).find((m) => m.ts === threadTs) : undefined;
        const thread = threadTs ? { thread_ts: threadTs, ...(parent?.user ? { parent_user_id: parent.user } : {}) } : {};
        await this.event(person, { type: 'message', client_msg_id: randomUUID(), channel, user: person.id, team: person.team_id, text: String(body.text ?? ''), ts, event_ts: ts, channel_type: channel.startsWith('D') ? 'im' : 'channel', ...thread });
        return { ok: true, ts };
      }
      case 'action':
        await this.interaction('block_actions', this.blockActions(person, body));
        return { ok: true };
      case 'submit':
        return this.submit(person, body);
      case 'close': {
        const closed = emulator.state.closeTop(person.id);
        emulator.onChange?.();
        if (closed?.notify_on_close) await this.interaction('view_closed', { ...interactionFrom('view_closed', actor, person.name), view: closed, is_cleared: false });
        return { ok: true };
      }
      case 'shortcut': {
        const callbackId = String(body.callback_id ?? '');
        if (body.message_ts) {
          const message = emulator.messagesIn(channel).find((m) => m.ts === body.message_ts);
          const files = message?.files?.map((file) => emulator.state.files.shape(file));
          const payload = messageShortcut(actor, callbackId, { channelId: channel, ts: String(body.message_ts), text: message?.text ?? '', threadTs: message?.thread_ts, files }, emulator.responseUrlFor({ user: person.id, channel }));
          await this.interaction(`message_action ${callbackId}`, { ...payload, user: { id: person.id, username: person.name, team_id: person.team_id }, message: { ...(payload.message as object), user: message?.user ?? person.id } });
        } else {
          const { trigger_id, team, user, token } = interactionFrom('shortcut', actor, person.name);
          await this.interaction(`shortcut ${callbackId}`, { type: 'shortcut', callback_id: callbackId, trigger_id, team, user, token, action_ts: `${Date.now() / 1000}`, is_enterprise_install: false });
        }
        return { ok: true };
      }
      case 'reaction': {
        // Adding a reaction, or (`remove`) taking one's own back, as pressing a reaction does in Slack.
        const ts = String(body.ts ?? '');
        const reaction = String(body.name ?? '').trim().replaceAll(':', '');
        if (!emojiOf(reaction)) throw new Error(`no emoji called :${reaction}: here (the sandbox has no custom emoji; try ${commonReactions.join(', ')} …)`);
        const add = !body.remove;
        const answer = emulator.state.react(add, { channel, timestamp: ts, name: reaction }, person.id);
        if (!answer.ok) return answer;
        emulator.onChange?.();
        const message = emulator.messagesIn(channel).find((m) => m.ts === ts);
        await this.event(person, { type: add ? 'reaction_added' : 'reaction_removed', user: person.id, reaction, item: { type: 'message', channel, ts }, item_user: message?.user, event_ts: emulator.nextTs() });
        return { ok: true };
      }
      case 'home':
        await this.event(person, { type: 'app_home_opened', user: person.id, channel: dmOf(person.id), tab: 'home', event_ts: emulator.nextTs() });
        return { ok: true };
      default:
        return undefined;
    }
  }

  /** block_actions from a message or an ephemeral (`channel`, `ts`), or a modal or the Home tab (`view_id`). */
  private blockActions(person: Person, body: Record<string, any>): Record<string, unknown> {
    const { emulator } = this.options;
    const action = { ...body.action, action_ts: `${Date.now() / 1000}` };
    const base = interactionFrom('block_actions', this.actor(person), person.name);
    if (body.view_id) {
      const view = [...emulator.viewsOf(person.id), emulator.homeOf(person.id)].find((v) => v?.id === body.view_id);
      if (!view) throw new Error('that view is not open');
      return { ...base, container: { type: 'view', view_id: view.id }, view: { ...view, team_id: person.team_id, app_id: 'A_SHORTLIST', bot_id: 'B_BOT', state: { values: this.withFiles(person, body.values) } }, actions: [action] };
    }
    const channel = String(body.channel ?? '');
    const ts = String(body.ts ?? '');
    const ephemeral = Boolean(body.ephemeral);
    const message = ephemeral ? emulator.ephemeralsFor(person.id).find((e) => e.ts === ts) : emulator.messagesIn(channel).find((m) => m.ts === ts);
    return {
      ...base,
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
      channel: { id: channel, name: sandboxChannels.find((c) => c.id === channel)?.name ?? 'directmessage' },
      message: { type: 'message', ts, text: message?.text ?? '', blocks: message?.blocks ?? [], ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}) },
      state: { values: body.values ?? {} },
      response_url: emulator.responseUrlFor({ user: person.id, channel, source: { ts, ephemeral } }),
      actions: [action],
    };
  }

  private async submit(person: Person, body: Record<string, any>): Promise<Record<string, unknown>> {
    const { emulator } = this.options;
    const view = emulator.viewsOf(person.id).find((v) => v.id === body.view_id);
    if (!view) throw new Error('that view is not open');
    const payload = {
      ...interactionFrom('view_submission', this.actor(person), person.name),
      view: { ...view, team_id: person.team_id, state: { values: this.withFiles(person, body.values) }, app_id: 'A_SHORTLIST', bot_id: 'B_BOT' },
      response_urls: [],
    };
    const answer = (await this.interaction('view_submission', payload)) as Record<string, any> | undefined;
    const reply = answer && typeof answer === 'object' ? answer : undefined;
    emulator.state.afterSubmission(person.id, reply);
    emulator.onChange?.();
    return { ok: true, errors: reply?.response_action === 'errors' ? reply.errors : undefined };
  }
}

/** A signing secret and bot token for one sandbox run (the bot and the stand-in share them, nothing else sees them). */
export function sandboxSecrets(): { signingSecret: string; botToken: string } {
  return { signingSecret: randomUUID().replaceAll('-', ''), botToken: `xoxb-sandbox-${randomUUID()}` };
}
