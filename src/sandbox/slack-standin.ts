/**
 * The one Slack stand-in: Slack's Web API as the app calls it, on 127.0.0.1, for the test suite, the bench and
 * (next) sandbox mode. It lives in src/ so sandbox mode can start it; nothing in the app imports it
 * (.dependency-cruiser.cjs), so the bundle does not carry it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMessage, checkView, type Refusal } from './limits.ts';
import { SlackPace } from './pace.ts';
import type { StoredFile } from './file-store.ts';
import { paginate, type ResponseTarget, SlackState } from './state.ts';

/** One Web API call as the emulator received it. */
export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  token: string | undefined;
  /** Date.now() when the call arrived. */
  at: number;
  /** True when the emulator answered with an injected fault instead of success. */
  failed: boolean;
  /** What the emulator answered (JSON body), once it has: `ok: false` when Slack would have refused the call. */
  response?: Record<string, unknown>;
  /** Set when the fault was picked at random (`failRandomly`): which kind it was. */
  randomFault?: RandomFaultKind;
  /** Answered 429 because it broke a rate limit (`pace.configure`), not an injected fault. */
  rateLimited?: boolean;
}

export interface Fault {
  /** HTTP status to answer with (500, 503 …); 429 takes `retryAfter`. */
  status?: number;
  retryAfter?: number;
  /** An `ok:false` error code, with status 200, as Slack does. */
  error?: string;
  /** Wait this long before answering (simulates a slow or hanging Slack). */
  delayMs?: number;
  /** Reset the connection without answering: the request never reached Slack. */
  drop?: boolean;
  /** Never answer (until the client gives up): a timeout before Slack processed the request. */
  hang?: boolean;
  /** Only calls whose parameters match are failed; others pass through untouched. */
  match?: (params: Record<string, any>) => boolean;
}

/**
 * The faults `failRandomly` picks from, all of them transient (the request did not take effect, and the
 * same call may succeed later): `http500`; `ratelimited` (429, Retry-After 1); `ok_false` (200 with
 * `ok: false` and an error the app retries: internal_error, service_unavailable, fatal_error); `drop`
 * (the connection is reset without an answer); `slow500` (a 500 after 2–4 s).
 */
export type RandomFaultKind = 'http500' | 'ratelimited' | 'ok_false' | 'drop' | 'slow500';

export const randomFaultKinds: readonly RandomFaultKind[] = ['http500', 'ratelimited', 'ok_false', 'drop', 'slow500'];

export interface RandomFaults {
  /** The share of Web API calls that fail, 0 to 1. */
  rate: number;
  /** Seeds the generator that decides which calls fail and how: the same seed, the same sequence of decisions. */
  seed: number;
  /** The kinds to pick from, evenly; default: all of them. */
  kinds?: readonly RandomFaultKind[];
  /** The `ok: false` codes `ok_false` picks from; default: internal_error, service_unavailable, fatal_error. */
  errors?: readonly string[];
  /** Methods never failed at random (e.g. views.open). Response URLs are never failed at random. */
  spare?: readonly string[];
}

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fields Slack accepts as JSON strings inside form bodies.
const jsonFields = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

/** Slack's answer to a call that breaks a limit: the error, and the problem in `response_metadata.messages`. */
const refused = (refusal: Refusal) => ({ ok: false, error: refusal.error, response_metadata: { messages: [refusal.message] } });

/**
 * A local stand-in for Slack's Web API: answers the methods the app uses like Slack does, records every
 * call, and fails on request. Response URLs (`/response/:id`) are recorded as method "response_url".
 */
export class SlackEmulator {
  readonly calls: RecordedCall[] = [];
  readonly teamId = 'T_EMULATOR';
  /**
   * OAuth codes the emulator will exchange in oauth.v2.access, and for whom. `orgWide`: an Enterprise Grid
   * org-wide install (no team; the token speaks for every workspace of `enterpriseId`).
   */
  readonly oauthGrants = new Map<string, { teamId: string; userId: string; enterpriseId?: string; orgWide?: boolean; rotating?: boolean; expiresIn?: number }>();
  /** Every bot token it issued, with its team (for an org-wide install: its enterprise id); refresh tokens likewise. */
  readonly issuedTokens = new Map<string, string>();
  private refreshTokens = new Map<string, { teamId: string; expiresIn: number }>();
  private orgTokens = new Set<string>();
  /**
   * Channels as conversations.info describes them. Any channel not here is a public channel the bot is a member
   * of; declare `{ is_member: false }` for one it is not in (posting there then fails with not_in_channel, and a
   * private one is invisible to the bot: channel_not_found).
   */
  readonly channels = new Map<string, { is_member?: boolean; is_private?: boolean; is_archived?: boolean; name?: string }>();
  /** Users as users.info and users.list describe them; anyone not here is a plain member in Europe/Rome. */
  readonly users = new Map<string, Record<string, unknown>>();
  /**
   * The people in each channel (user ids), for users.conversations; a channel's kind and the bot's membership
   * come from `channels`, as for conversations.info.
   */
  readonly channelMembers = new Map<string, string[]>();
  private faults = new Map<string, Fault[]>();
  private random: { options: RandomFaults; next: () => number } | undefined;
  private counter = 0;
  private server: Server;
  private listeners: (() => void)[] = [];
  /** The bot user of the call being answered: whom the state records as author of a post or reaction. */
  private caller = `UBOT${this.teamId}`;
  /** What Slack holds after the app's calls: messages, threads, ephemerals, modal stacks, Home tabs, reactions, files. */
  readonly state = new SlackState(
    () => this.caller,
    (file) => this.fileUrls(file),
  );
  port = 0;
  /** Sandbox: whose reply a response URL carries (an ephemeral for `user`, or a message in `channel`), and the message it may replace. */
  readonly responseTargets = new Map<string, ResponseTarget>();
  /** Called after every call answered (the sandbox saves its state then). */
  onChange: (() => void) | undefined;
  /** The WebSocket URL `apps.connections.open` hands out (Socket Mode tests point it at their server). */
  socketModeUrl: string | undefined;
  /** Slack's latency and rate limits, off until configured (pace.ts). */
  readonly pace = new SlackPace();

  constructor() {
    // A client that goes away mid-request (the bot killed, a reset connection) fails the read: that request is over, nothing else.
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id = String(++this.counter)): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail with `fault`, in order after any faults already queued. */
  failNext(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  /**
   * From now on a share of Web API calls fails at random (decided call by call, in arrival order, by a
   * generator seeded with `options.seed`), on top of any queued `failNext` fault, which goes first.
   * `failRandomly(undefined)` stops it; `reset()` does too.
   */
  failRandomly(options: RandomFaults | undefined): void {
    this.random = options ? { options, next: seededRandom(options.seed) } : undefined;
  }

  /** A channel's messages, oldest first, replies included (a DM to a user id is channel `D` + the id without `U`). */
  messagesIn(channel: string) {
    return this.state.messagesIn(channel);
  }

  /** A thread: its parent, then its replies. */
  thread(channel: string, ts: string) {
    return this.state.thread(channel, ts);
  }

  ephemeralsFor(user: string) {
    return this.state.ephemeralsFor(user);
  }

  /** The user's modal stack, root first (whose it is comes from the trigger: `triggerFor` in triggers.ts). */
  viewsOf(user: string) {
    return this.state.viewsOf(user);
  }

  homeOf(user: string) {
    return this.state.homeOf(user);
  }

  /** A response URL whose replies land as `target` (sandbox: the person who typed the command or pressed the button, in that channel). */
  responseUrlFor(target: ResponseTarget): string {
    const url = this.responseUrl();
    this.responseTargets.set(url, target);
    return url;
  }

  /** A fresh message timestamp, as Slack hands them out. */
  nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.pace.configure({});
    this.faults.clear();
    this.random = undefined;
    this.state.clear();
  }

  /** Resolves once `predicate` holds over the recorded calls (checked after every call), or rejects after `timeoutMs`. */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.calls);
      if (result) return result;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`emulator: condition not met within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 100));
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0]!;
    // files.getUploadURLExternal hands out these URLs; the file's bytes arrive raw, as at files.slack.com.
    if (path.startsWith('/upload/')) {
      const content = uploadedBytes(Buffer.concat(chunks), req.headers['content-type'] ?? '');
      return this.state.files.receive(path.slice(8), content) ? this.send(res, 200, `OK - ${content.length}`) : this.send(res, 404, 'not_found');
    }
    // A file's url_private: its bytes, for a caller with a token, as files.slack.com serves them.
    if (path.startsWith('/files-pri/') && req.method === 'GET') {
      this.download(req, res, path);
      return;
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const params = parseBody(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (params.token as string | undefined);

    let method: string;
    if (path.startsWith('/api/')) method = path.slice(5);
    else if (path.startsWith('/response/')) {
      method = 'response_url';
      params.url = `http://127.0.0.1:${this.port}${path}`;
    }
    else return this.send(res, 404, { ok: false, error: 'not_found' });

    if (method !== 'response_url') {
      res.once('close', this.pace.enter());
      await this.pace.latency();
      const retryAfter = this.pace.admit(method, params, (token && this.issuedTokens.get(token)) ?? token ?? '');
      if (retryAfter !== undefined) {
        const call: RecordedCall = { method, params, token, at: Date.now(), failed: true, rateLimited: true };
        this.calls.push(call);
        res.setHeader('retry-after', String(retryAfter));
        return this.reply(res, call, 429, { ok: false, error: 'ratelimited' });
      }
    }
    const at = Date.now();
    const queued = this.takeFault(method, params);
    const random = queued || method === 'response_url' ? undefined : this.randomFault(method);
    const fault = queued ?? random?.fault;
    const randomFault = random ? { randomFault: random.kind } : {};
    if (fault?.drop || fault?.hang) {
      this.calls.push({ method, params, token, at, failed: true, ...randomFault });
      for (const notify of this.listeners.splice(0)) notify();
      if (fault.drop) req.socket.destroy();
      // A hung request is left open; the client's own timeout ends it.
      return;
    }
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const call: RecordedCall = { method, params, token, at, failed: Boolean(fault?.status || fault?.error), ...randomFault };
    this.calls.push(call);

    if (fault?.status === 429) {
      res.setHeader('retry-after', String(fault.retryAfter ?? 1));
      return this.reply(res, call, 429, { ok: false, error: 'ratelimited' });
    }
    if (fault?.status) return this.reply(res, call, fault.status, 'upstream failure');
    if (fault?.error) return this.reply(res, call, 200, { ok: false, error: fault.error });
    if (method === 'oauth.v2.access') return this.reply(res, call, 200, this.exchange(params, req.headers.authorization));
    if (method !== 'response_url' && !token) return this.reply(res, call, 200, { ok: false, error: 'not_authed' });
    return this.reply(res, call, 200, this.answer(method, params, token));
  }

  /** Records the answer on the call, wakes waiters, and sends it. */
  private reply(res: ServerResponse, call: RecordedCall, status: number, body: Record<string, unknown> | string): void {
    if (typeof body !== 'string') call.response = body;
    this.onChange?.();
    for (const notify of this.listeners.splice(0)) notify();
    this.send(res, status, body);
  }

  private takeFault(method: string, params: Record<string, any>): Fault | undefined {
    const queue = this.faults.get(method);
    const index = queue?.findIndex((fault) => !fault.match || fault.match(params)) ?? -1;
    return index >= 0 ? queue!.splice(index, 1)[0] : undefined;
  }

  /** Whether this call fails at random, and how (`failRandomly`). */
  private randomFault(method: string): { kind: RandomFaultKind; fault: Fault } | undefined {
    if (!this.random) return undefined;
    const { options, next } = this.random;
    if (options.spare?.includes(method) || next() >= options.rate) return undefined;
    const pick = <T>(from: readonly T[]): T => from[Math.min(from.length - 1, Math.floor(next() * from.length))]!;
    const kind = pick(options.kinds && options.kinds.length > 0 ? options.kinds : randomFaultKinds);
    switch (kind) {
      case 'http500':
        return { kind, fault: { status: 500 } };
      case 'ratelimited':
        return { kind, fault: { status: 429, retryAfter: 1 } };
      case 'ok_false':
        return { kind, fault: { error: pick(options.errors ?? ['internal_error', 'service_unavailable', 'fatal_error']) } };
      case 'drop':
        return { kind, fault: { drop: true } };
      case 'slow500':
        return { kind, fault: { status: 500, delayMs: 2000 + Math.round(next() * 2000) } };
    }
  }

  /** oauth.v2.access: a code (once) or a refresh token for a bot token, as Slack's OAuth v2 does. */
  private exchange(params: Record<string, any>, authorization: string | undefined): Record<string, unknown> {
    const basic = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString() : '';
    if (!params.client_id && !basic) return { ok: false, error: 'invalid_client_id' };
    const id = ++this.counter;
    const issue = (teamId: string, rotating: boolean, expiresIn: number) => {
      const token = `xoxb-${teamId}-${id}-secret`;
      this.issuedTokens.set(token, teamId);
      const rotation: Record<string, unknown> = {};
      if (rotating) {
        const refresh = `xoxe-1-${teamId}-${id}`;
        this.refreshTokens.set(refresh, { teamId, expiresIn });
        Object.assign(rotation, { refresh_token: refresh, expires_in: expiresIn });
      }
      return { token, rotation };
    };
    if (params.grant_type === 'refresh_token') {
      const known = this.refreshTokens.get(String(params.refresh_token));
      if (!known) return { ok: false, error: 'invalid_refresh_token' };
      this.refreshTokens.delete(String(params.refresh_token));
      const { token, rotation } = issue(known.teamId, true, known.expiresIn);
      return { ok: true, access_token: token, token_type: 'bot', scope: 'commands,chat:write,im:write,users:read,channels:read,groups:read', team: { id: known.teamId }, ...rotation };
    }
    const grant = this.oauthGrants.get(String(params.code));
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.oauthGrants.delete(String(params.code));
    const orgWide = Boolean(grant.orgWide && grant.enterpriseId);
    const owner = orgWide ? grant.enterpriseId! : grant.teamId;
    const { token, rotation } = issue(owner, Boolean(grant.rotating), grant.expiresIn ?? 43_200);
    if (orgWide) this.orgTokens.add(token);
    return {
      ok: true,
      app_id: 'A_SHORTLIST',
      authed_user: { id: grant.userId },
      scope: 'commands,chat:write,im:write,users:read,channels:read,groups:read',
      token_type: 'bot',
      access_token: token,
      bot_user_id: `UBOT${owner}`,
      // An org-wide install belongs to the org, not to one of its workspaces.
      team: orgWide ? null : { id: grant.teamId, name: grant.teamId },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: grant.enterpriseId } : null,
      is_enterprise_install: orgWide,
      ...rotation,
    };
  }

  private answer(method: string, params: Record<string, any>, token?: string): Record<string, unknown> {
    this.caller = `UBOT${(token && this.issuedTokens.get(token)) || this.teamId}`;
    const ts = this.nextTs();
    switch (method) {
      case 'auth.test': {
        const teamId = (token && this.issuedTokens.get(token)) ?? this.teamId;
        const org = token !== undefined && this.orgTokens.has(token);
        return { ok: true, url: 'https://emulator.slack.test/', team: 'Emulator', user: 'shortlist', team_id: teamId, user_id: `UBOT${teamId}`, bot_id: `B${teamId}`, is_enterprise_install: org, ...(org ? { enterprise_id: teamId } : {}) };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const problem = checkView(params.view);
        if (problem) return refused(problem);
        if (method === 'views.publish') return this.state.publish(params);
        return method === 'views.update' ? this.state.updateView(params) : this.state.open(method, params);
      }
      case 'chat.postMessage':
      case 'chat.update':
      case 'chat.postEphemeral':
        return this.chat(method, params, ts);
      case 'chat.getPermalink':
        return { ok: true, channel: params.channel, permalink: `https://emulator.slack.test/archives/${params.channel}/p${String(params.message_ts).replace('.', '')}` };
      case 'conversations.info': {
        const channel = this.channel(String(params.channel ?? ''));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = String(params.channel ?? '');
        if (!this.knows(channel)) return { ok: false, error: 'channel_not_found' };
        // A public channel the bot is not in: its history is not the bot's to read.
        if (this.membershipError(channel) === 'not_in_channel') return { ok: false, error: 'not_in_channel' };
        return method === 'conversations.history' ? this.state.history(channel, params) : this.state.replies(channel, params);
      }
      case 'reactions.add':
      case 'reactions.remove':
        return this.state.react(method === 'reactions.add', params);
      case 'reactions.get':
        return this.state.reactionsOf(params);
      case 'files.getUploadURLExternal':
        return this.state.files.reserve(params, `http://127.0.0.1:${this.port}/upload/`);
      case 'files.completeUploadExternal':
        return this.state.completeUpload(params, ts);
      case 'files.info':
        return this.state.files.info(params);
      case 'team.info': {
        const teamId = String(params.team ?? ((token && this.issuedTokens.get(token)) || this.teamId));
        return { ok: true, team: { id: teamId, name: teamId === this.teamId ? 'Emulator' : teamId, domain: teamId.toLowerCase(), email_domain: '', icon: { image_default: true } } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users ?? 'X').replace(/^U/, '')}` } };
      case 'users.info':
        return { ok: true, user: { id: params.user, team_id: this.teamId, name: 'someone', tz: 'Europe/Rome', is_admin: false, is_owner: false, ...this.users.get(String(params.user)) } };
      case 'users.conversations':
        return this.conversationsOf(params);
      case 'users.list':
        return { ok: true, members: [...this.users.entries()].map(([id, user]) => ({ id, name: id.toLowerCase(), deleted: false, is_bot: false, ...user })), response_metadata: { next_cursor: '' } };
      case 'response_url': {
        const problem = checkMessage(params) ?? this.unshownImage(params.blocks);
        if (problem) return refused(problem);
        const target = this.responseTargets.get(String(params.url));
        if (target) this.state.respond(target, ts, params);
        return { ok: true };
      }
      case 'apps.connections.open': {
        // Slack wants the app-level token here; the call was recorded just before this answer.
        const token = this.calls[this.calls.length - 1]?.token;
        if (!token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        if (!this.socketModeUrl) return { ok: false, error: 'internal_error' };
        return { ok: true, url: this.socketModeUrl };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** chat.postMessage / chat.update / chat.postEphemeral: membership, Slack's limits, then the message stored. */
  private chat(method: string, params: Record<string, any>, ts: string): Record<string, unknown> {
    if (!params.channel) return { ok: false, error: 'channel_not_found' };
    const notMember = method === 'chat.postEphemeral' ? undefined : this.membershipError(String(params.channel));
    if (notMember) return { ok: false, error: notMember };
    if (!params.text && !params.blocks) return { ok: false, error: 'no_text' };
    const problem = checkMessage(params) ?? this.unshownImage(params.blocks);
    if (problem) return refused(problem);
    const channel = String(params.channel).startsWith('U') ? `D${String(params.channel).slice(1)}` : String(params.channel);
    if (method === 'chat.postEphemeral') {
      this.state.postEphemeral(channel, ts, params);
      return { ok: true, message_ts: ts };
    }
    const message = method === 'chat.update' ? this.state.update(channel, String(params.ts), params) : this.state.post(channel, ts, params);
    return { ok: true, channel, ts: message.ts, message: { text: params.text, ts: message.ts } };
  }

  /**
   * An image block whose `slack_file` Slack could not show (no such file, deleted, or not a PNG, JPG or GIF): Slack
   * refuses the whole message with invalid_blocks.
   */
  private unshownImage(blocks: unknown): Refusal | undefined {
    if (!Array.isArray(blocks)) return undefined;
    for (const [index, block] of blocks.entries()) {
      if (block?.type !== 'image' || !block.slack_file) continue;
      const id = block.slack_file.id ?? /[-/](F[0-9A-Z]{2,})\//.exec(String(block.slack_file.url ?? ''))?.[1];
      const file = id ? this.state.file(String(id)) : undefined;
      if (!file || file.deleted || !/^image\/(png|jpeg|gif)$/.test(file.mimetype)) return { error: 'invalid_blocks', message: `invalid slack_file: no PNG, JPG or GIF file the caller can see [json-pointer:/blocks/${index}/slack_file]` };
    }
    return undefined;
  }

  /** A channel as the bot sees it; undefined when it cannot see it (not a channel id, or private without the bot). */
  private channel(id: string): Record<string, unknown> | undefined {
    if (!/^[CG][A-Z0-9_]+$/.test(id)) return undefined;
    const declared = this.channels.get(id) ?? {};
    const channel = { id, name: id.toLowerCase(), is_channel: true, is_private: false, is_archived: false, is_member: true, ...declared };
    return channel.is_private && !channel.is_member ? undefined : channel;
  }

  /**
   * Whether the bot can read `id`'s history: a DM, or a channel it can see that Slack has (declared, or holding
   * messages). An id nothing is known of is a channel Slack does not have.
   */
  private knows(id: string): boolean {
    if (/^D[A-Z0-9_]+$/.test(id)) return true;
    return this.channel(id) !== undefined && (this.channels.has(id) || this.state.messagesIn(id).length > 0);
  }

  /** Where a file is served: url_private (and its download form) here, the permalink as Slack shapes it. */
  private fileUrls(file: StoredFile) {
    const base = `http://127.0.0.1:${this.port}/files-pri/${this.teamId}-${file.id}`;
    const name = encodeURIComponent(file.name);
    return { url_private: `${base}/${name}`, url_private_download: `${base}/download/${name}`, permalink: `https://emulator.slack.test/files/${file.user}/${file.id}/${name}` };
  }

  /**
   * GET url_private: the bytes with the file's mimetype for a request carrying a token (`Authorization: Bearer`),
   * recorded as a call "url_private". Slack answers a request without one with its sign-in page, not the file;
   * the stand-in answers 403 and says why.
   */
  private download(req: IncomingMessage, res: ServerResponse, path: string): void {
    const id = /^\/files-pri\/[^/]+-(F[0-9A-Z]+)\/(?:download\/)?[^/]+$/.exec(path)?.[1];
    const file = id ? this.state.file(id) : undefined;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const call: RecordedCall = { method: 'url_private', params: { url: `http://127.0.0.1:${this.port}${path}` }, token, at: Date.now(), failed: false };
    this.calls.push(call);
    if (!token?.startsWith('xox')) {
      this.reply(res, call, 403, 'not_authed: url_private needs the header Authorization: Bearer <bot token>');
      return;
    }
    if (!file || file.deleted) {
      this.reply(res, call, 404, file ? 'file_deleted' : 'file_not_found');
      return;
    }
    call.response = { ok: true, id: file.id, size: file.content.length, mimetype: file.mimetype };
    this.onChange?.();
    for (const notify of this.listeners.splice(0)) notify();
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.content.length) });
    res.end(file.content);
  }

  /**
   * users.conversations: the channels `user` is in (`channelMembers`; without `user`, the bot's own among those
   * declared), of `types` (Slack's default: public_channel), archived ones left out with `exclude_archived`,
   * `limit` at a time with a cursor. A private channel is listed only when the bot is in it too, as Slack
   * restricts it to channels the caller shares.
   */
  private conversationsOf(params: Record<string, any>): Record<string, unknown> {
    const types = String(params.types || 'public_channel').split(',');
    const user = params.user ? String(params.user) : undefined;
    const ids = [...new Set([...this.channelMembers.keys(), ...this.channels.keys()])];
    const listed = ids.flatMap((id) => {
      const channel = this.channel(id);
      if (!channel || !(user ? this.channelMembers.get(id)?.includes(user) : channel.is_member)) return [];
      if (!types.includes(channel.is_private ? 'private_channel' : 'public_channel')) return [];
      return channel.is_archived && (params.exclude_archived === true || params.exclude_archived === 'true') ? [] : [channel];
    });
    const { messages: channels, response_metadata } = paginate(listed, params);
    return { ok: true, channels, response_metadata };
  }

  /** Why Slack would refuse a post in `id` for membership (a bot without chat:write.public), if it would. */
  private membershipError(id: string): string | undefined {
    if (!/^[CG]/.test(id) || !this.channels.has(id)) return undefined;
    const channel = this.channel(id);
    if (!channel) return 'channel_not_found';
    if (channel.is_archived) return 'is_archived';
    return channel.is_member ? undefined : 'not_in_channel';
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  }
}

/** A file's bytes as posted to an upload URL: the raw body, or the first part of a multipart form (as WebClient sends it). */
function uploadedBytes(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return body;
  const start = body.indexOf('\r\n\r\n');
  const end = body.indexOf(`\r\n--${boundary[1] ?? boundary[2]}`, start);
  return start < 0 || end < 0 ? body : body.subarray(start + 4, end);
}

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const params: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = jsonFields.has(key) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startSlackEmulator(): Promise<SlackEmulator> {
  return new SlackEmulator().start();
}
