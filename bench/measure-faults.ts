import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { validBug } from '../test/support/bug-flow.ts';
import { type RandomFaultKind, type RecordedCall, randomFaultKinds } from '../src/sandbox/slack-standin.ts';
import { type Actor, SIGNING_SECRET, signature, slashCommandBody, viewSubmission } from '../src/sandbox/deliver.ts';
import { TcpProxy } from '../test/support/tcp-proxy.ts';
import { type ServerProcess, spawnServer, startCommand } from './bot-process.ts';
import { onCleanup } from './cleanup.ts';
import type { Measure, Row } from './report.ts';

/**
 * The fault run: the real bot (as `npm start` runs it) on PostgreSQL reached through a TCP proxy, taking a
 * steady stream of bugs from two workspaces while Slack fails a share of its Web API calls at random, the
 * process is SIGKILLed and restarted three times, and every database connection is reset once. Afterwards,
 * once the outbox has drained, what was acknowledged is checked against the database and against what
 * Slack received: nothing lost, and every message delivered more than once explained by a kill or the reset.
 */

const BUGS = 300;
/** The bugs are started evenly over this long (5 a second). */
const FILING_MS = 60_000;
/** A bug still not acknowledged this long after the last one was started is given up (and reported). */
const TAIL_MS = 30_000;
/**
 * Moments of the filing, as shares of FILING_MS: the three SIGKILLs and the database reset. The reset is
 * followed by 15 s without a kill, so a bot that does not recover from it by itself cannot hide behind a restart.
 */
const KILLS_AT = [0.15, 0.35, 0.85];
const RESET_AT = 0.55;
const RESET_MS = 3000;
const DRAIN_TIMEOUT_MS = 120_000;
const FAULT_RATE = 0.2;
const SEED = Number(process.env.BENCH_FAULT_SEED ?? 20_261_127);
/** Transient `ok:false` codes: src/outbox/slack-errors.ts retries any code that is not in its permanent list. */
const TRANSIENT_ERRORS = ['internal_error', 'service_unavailable', 'fatal_error'];
/** A post Slack accepted this shortly before a kill or the reset (or during the reset) may not have been marked sent. */
const INCIDENT_WINDOW_MS = 5000;
const TEAMS = [
  { teamId: 'T_FAULTS_A', channel: 'C_FAULTS_A' },
  { teamId: 'T_FAULTS_B', channel: 'C_FAULTS_B' },
];

const label = `fault run (${BUGS} bugs, 2 workspaces; ${FAULT_RATE * 100} % of Slack calls fail; 3 SIGKILLs; a ${RESET_MS / 1000} s database reset)`;

type How = { code: number | null; signal: NodeJS.Signals | null };
interface Incident {
  kind: 'kill' | 'reset' | 'crash';
  at: number;
  until: number;
  name: string;
}

/** POSTs a body to the app's Slack endpoint, signed the way Slack signs it, bounded in time. */
async function postSlack(appUrl: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(SIGNING_SECRET, timestamp, body) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}

/** The last few lines of a process's output that are not JSON log lines (a crash's stack), else its last lines. */
function crashLines(output: string): string {
  const lines = output.trim().split('\n');
  const plain = lines.filter((line) => !line.startsWith('{'));
  return (plain.length > 0 ? plain : lines).slice(-6).join(' | ').slice(0, 800);
}

/**
 * Keeps one bot process running: restarts it after our SIGKILL, and after any exit we did not cause (which
 * it counts and describes as a crash), the way a process manager would.
 */
class Supervisor {
  private current: ServerProcess | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private killedOnPurpose = new WeakSet<ServerProcess>();
  private stopping = false;
  starts = 0;
  readonly crashes: { at: number; how: string; output: string }[] = [];
  readonly restartMs: number[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly incidents: Incident[],
    private readonly log: (line: string) => void,
  ) {}

  /** The running process's URL; undefined while it is being (re)started. */
  url(): string | undefined {
    return this.current?.url;
  }

  async start(): Promise<void> {
    const command = startCommand();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const server = await spawnServer(`Shortlist (fault run, start ${this.starts + 1})`, command.file, command.args, this.env);
        this.starts += 1;
        this.current = server;
        void server.exited.then((how) => this.exited(server, how));
        return;
      } catch (error) {
        // Exited before /healthz answered, or never answered (spawnServer then kills it): not our doing.
        const at = Date.now();
        this.crashes.push({ at, how: 'failed to start', output: crashLines((error as Error).message) });
        this.incidents.push({ kind: 'crash', at, until: at, name: `failed start ${this.crashes.length}` });
        this.log(`  bot failed to start (attempt ${attempt}): ${crashLines((error as Error).message)}`);
        if (attempt >= 5 || this.stopping) throw error;
        await sleep(1000);
      }
    }
  }

  private exited(server: ServerProcess, how: How): void {
    if (this.killedOnPurpose.has(server) || this.stopping) return;
    const at = Date.now();
    const description = how.signal ? `killed by ${how.signal}` : `exit code ${how.code}`;
    this.crashes.push({ at, how: description, output: crashLines(server.output()) });
    this.incidents.push({ kind: 'crash', at, until: at, name: `unexpected exit ${this.crashes.length}` });
    this.log(`  UNEXPECTED EXIT of the bot (${description}): ${crashLines(server.output())}`);
    if (this.current === server) this.current = undefined;
    this.restarting = this.restarting.then(() => this.restart());
  }

  /** Never rejects: a bot that cannot be started again stays down (its filings give up, and are reported). */
  private async restart(): Promise<void> {
    if (this.stopping) return;
    const started = performance.now();
    try {
      await this.start();
      this.restartMs.push(performance.now() - started);
    } catch (error) {
      this.log(`  the bot could not be started again: ${(error as Error).message.slice(0, 500)}`);
    }
  }

  /** SIGKILLs the running process and starts a new one on the same environment and database. */
  async kill(name: string): Promise<void> {
    await this.restarting;
    const server = this.current;
    if (!server) return;
    this.killedOnPurpose.add(server);
    this.current = undefined;
    const at = Date.now();
    await server.kill();
    this.incidents.push({ kind: 'kill', at, until: at, name });
    this.restarting = this.restart();
    await this.restarting;
  }

  /** SIGTERM, as at the end of a deploy: the exit code. */
  async stop(): Promise<number | null | undefined> {
    await this.restarting.catch(() => undefined);
    this.stopping = true;
    const server = this.current;
    this.current = undefined;
    return server ? server.stop() : undefined;
  }
}

interface Filing {
  index: number;
  team: (typeof TEAMS)[number];
  actor: Actor;
  summary: string;
  viewId: string;
  commands: number;
  submissions: number;
  /** Answered with the "Couldn't save" error (the modal stays open): resubmitted. */
  refused: number;
  /** Submissions that got no 200 answer (connection refused or reset, a 5xx or 401 while the bot was down or Slack unauthorized). */
  unanswered: number;
  acknowledgedAt?: number;
  gaveUp?: string;
}

export const faultRun: Measure = {
  name: 'faults: bugs filed while Slack fails, the bot is killed and the database connections are reset',
  async run(ctx) {
    if (!ctx.pg) {
      const none = { baseline: 'n/a', pglite: 'n/a', postgres: 'not run (no PostgreSQL server)' };
      return [{ measure: label, budget: 'nothing lost', values: none, verdict: 'n/a', verdictNote: 'no PostgreSQL server' }];
    }
    const { emulator } = ctx;
    emulator.reset();
    const databaseUrl = await ctx.pg.createDatabase();
    const direct = new URL(databaseUrl);
    const proxy = await new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) }).start();
    const forgetProxy = onCleanup('fault run TCP proxy', () => proxy.close());
    const viaProxy = new URL(databaseUrl);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const forgetSql = onCleanup('fault run database connection', () => sql.end({ timeout: 5 }));
    const incidents: Incident[] = [];
    const bot = new Supervisor(
      { SLACK_BOT_TOKEN: 'xoxb-bench-faults', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: emulator.url, LOG_LEVEL: 'warn', DATABASE_URL: viaProxy.toString() },
      incidents,
      ctx.log,
    );
    const forgetChaos = onCleanup('fault run random Slack faults', () => emulator.failRandomly(undefined));
    const runId = Math.random().toString(36).slice(2, 6).toUpperCase();
    try {
      await bot.start();
      // Every Web API method, views.open and auth.test included: a client whose modal did not open sends
      // `/bug` again (a new trigger id), as the person would. Response URLs are not the Web API: spared.
      emulator.failRandomly({ rate: FAULT_RATE, seed: SEED, kinds: randomFaultKinds, errors: TRANSIENT_ERRORS });
      ctx.log(`  seed ${SEED}; ${BUGS} bugs over ${FILING_MS / 1000} s; ${FAULT_RATE * 100} % of Web API calls fail (${randomFaultKinds.join(', ')})`);

      const started = Date.now();
      /** When each "Couldn't save" answer came (the database did not answer the save). */
      const refusedAt: number[] = [];
      const giveUpAt = started + FILING_MS + TAIL_MS;

      /** The first call from `from` on that matches, waiting up to `ms`. */
      async function callAfter(from: number, match: (call: RecordedCall) => boolean, ms: number): Promise<RecordedCall | undefined> {
        const until = Date.now() + ms;
        let seen = from;
        while (Date.now() < until) {
          for (; seen < emulator.calls.length; seen += 1) if (match(emulator.calls[seen]!)) return emulator.calls[seen];
          await sleep(50);
        }
        return undefined;
      }

      /** `/bug`, until the emulator has opened its modal (a new trigger each time, as a person would try again). */
      async function openModal(filing: Filing): Promise<Record<string, unknown> | undefined> {
        for (let attempt = 0; attempt < 40 && Date.now() < giveUpAt; attempt += 1) {
          const url = bot.url();
          if (!url) {
            await sleep(200);
            continue;
          }
          const triggerId = `faults-${runId}-${filing.index}-${attempt}`;
          const from = emulator.calls.length;
          filing.commands += 1;
          const body = slashCommandBody({ ...filing.actor, command: '/bug', text: filing.summary, channelId: filing.team.channel, triggerId, responseUrl: emulator.responseUrl() });
          const answered = await postSlack(url, body, 5000).then(
            (r) => r.status === 200,
            () => false,
          );
          if (answered) {
            const open = await callAfter(from, (c) => c.method === 'views.open' && c.params.trigger_id === triggerId, 6000);
            if (open && !open.failed && open.response?.ok === true) return open.params.view as Record<string, unknown>;
          }
          await sleep(300);
        }
        return undefined;
      }

      async function file(filing: Filing): Promise<void> {
        const opened = await openModal(filing);
        if (!opened) {
          filing.gaveUp = 'the modal never opened';
          return;
        }
        const view = { ...opened, id: filing.viewId } as unknown as Parameters<typeof viewSubmission>[0];
        for (let attempt = 0; attempt < 300 && Date.now() < giveUpAt; attempt += 1) {
          const url = bot.url();
          if (!url) {
            await sleep(200);
            continue;
          }
          filing.submissions += 1;
          const body = new URLSearchParams({ payload: JSON.stringify(viewSubmission(view, { ...validBug, summary_block: filing.summary }, filing.actor)) }).toString();
          const answer = await postSlack(url, body, 10_000).catch(() => undefined);
          if (answer?.status === 200 && answer.text === '') {
            filing.acknowledgedAt = Date.now();
            return;
          }
          if (answer?.status === 200) {
            const parsed = JSON.parse(answer.text) as { response_action?: string; errors?: Record<string, string> };
            // Only the outage answer is expected; anything else means the bench's payload is wrong.
            if (parsed.response_action !== 'errors' || !String(parsed.errors?.summary_block).includes("Couldn't save")) {
              throw new Error(`fault run: submission of ${filing.summary} answered ${answer.text}`);
            }
            filing.refused += 1;
            refusedAt.push(Date.now());
          } else {
            filing.unanswered += 1;
          }
          await sleep(500);
        }
        filing.gaveUp = 'never acknowledged';
      }

      const filings: Filing[] = Array.from({ length: BUGS }, (_, index) => {
        const team = TEAMS[index % TEAMS.length]!;
        return {
          index,
          team,
          actor: { teamId: team.teamId, userId: `U_FAULTS${index % 25}` },
          summary: `fault run ${runId} bug ${String(index).padStart(4, '0')}`,
          viewId: `VFAULTS${runId}${index}`,
          commands: 0,
          submissions: 0,
          refused: 0,
          unanswered: 0,
        };
      });

      // Kills and the reset, at their moments of the filing.
      let healthDuringReset: number | string = 'not probed';
      const disruptions = (async () => {
        const moments = [...KILLS_AT.map((share, i) => ({ share, what: `kill ${i + 1}` })), { share: RESET_AT, what: 'reset' }].sort((a, b) => a.share - b.share);
        for (const { share, what } of moments) {
          await sleep(Math.max(0, started + share * FILING_MS - Date.now()));
          if (what === 'reset') {
            const at = Date.now();
            await proxy.reset();
            await sleep(500);
            const url = bot.url();
            // The health check pings the database for up to 1 s before it answers 503.
            healthDuringReset = url
              ? await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
                  (r) => r.status,
                  (e: unknown) => String((e as Error).name),
                )
              : 'no process';
            await sleep(Math.max(0, at + RESET_MS - Date.now()));
            await proxy.restore();
            incidents.push({ kind: 'reset', at, until: Date.now(), name: 'database reset' });
            ctx.log(`  ${((at - started) / 1000).toFixed(1)} s: every database connection reset (RST), new ones refused for ${RESET_MS / 1000} s; /healthz meanwhile: ${healthDuringReset}`);
          } else {
            const at = Date.now();
            await bot.kill(what);
            ctx.log(`  ${((at - started) / 1000).toFixed(1)} s: SIGKILL (${what}); restarted in ${((Date.now() - at) / 1000).toFixed(1)} s`);
          }
        }
      })();
      // Awaited after the filing; until then a failure must not count as unhandled.
      disruptions.catch(() => undefined);

      // A steady rate: bug i starts at i × FILING_MS / BUGS, whether or not earlier ones are done (open loop).
      // A failure is kept (not left unhandled for the minute the loop still runs) and thrown once all are done.
      let broken: unknown;
      const flows: Promise<void>[] = [];
      for (const filing of filings) {
        await sleep(Math.max(0, started + (filing.index * FILING_MS) / BUGS - Date.now()));
        flows.push(
          file(filing).catch((error: unknown) => {
            broken ??= error;
          }),
        );
      }
      await Promise.all(flows);
      await disruptions;
      if (broken) throw broken;
      const acknowledged = filings.filter((f) => f.acknowledgedAt !== undefined);
      const lastAck = Math.max(started, ...acknowledged.map((f) => f.acknowledgedAt!));
      ctx.log(`  ${acknowledged.length} of ${BUGS} acknowledged; the last ${((lastAck - started) / 1000).toFixed(1)} s after the first was started`);

      // Drained: no outbox row left pending (every one sent, or failed for good).
      const outboxState = async () => {
        const [row] = await sql<{ pending: string; failed: string; total: string }[]>`
          select count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'failed') as failed, count(*) as total from outbox`;
        return { pending: Number(row!.pending), failed: Number(row!.failed), total: Number(row!.total) };
      };
      let state = await outboxState();
      while (state.pending > 0 && Date.now() - lastAck < DRAIN_TIMEOUT_MS) {
        await sleep(250);
        state = await outboxState();
      }
      const drainedAt = Date.now();
      const drained = state.pending === 0;
      const drainMs = drainedAt - lastAck;
      ctx.log(`  outbox ${drained ? 'drained' : `NOT drained (${state.pending} pending)`} ${(drainMs / 1000).toFixed(1)} s after the last acknowledgement; ${state.total} rows, ${state.failed} failed`);

      const sigtermCode = await bot.stop();
      emulator.failRandomly(undefined);
      forgetChaos();

      // What is stored, by workspace and summary.
      const stored = await sql<{ workspace_id: string; summary: string; number: number }[]>`select workspace_id, summary, number from bugs`;
      const storedBy = new Map<string, number[]>();
      for (const row of stored) storedBy.set(`${row.workspace_id}|${row.summary}`, [...(storedBy.get(`${row.workspace_id}|${row.summary}`) ?? []), row.number]);
      // Why draining took as long as it did: how many attempts the rows took (a claim counts as one), and the last ones sent.
      const attempts = await sql<{ attempts: number; n: string }[]>`select attempts, count(*) as n from outbox group by 1 order by 1`;
      const lastSent = await sql<{ type: string; attempts: number; sent_at: Date }[]>`
        select payload->>'type' as type, attempts, sent_at from outbox where status = 'sent' order by sent_at desc limit 3`;
      const failedRows = await sql<{ last_error: string | null; type: string; n: string }[]>`
        select last_error, payload->>'type' as type, count(*) as n from outbox where status = 'failed' group by 1, 2`;

      // What Slack accepted, by channel and summary: confirmations ("BUG-N filed: <summary>") and triage
      // messages ("BUG-N <summary> — <status>, risk …"), as test/hardening/db-reset.test.ts tells them apart.
      const delivered = new Map<string, { confirmation: RecordedCall[]; triage: RecordedCall[] }>();
      const slot = (channel: string, summary: string) => {
        const key = `${channel}|${summary}`;
        const entry = delivered.get(key) ?? { confirmation: [], triage: [] };
        delivered.set(key, entry);
        return entry;
      };
      const posts = emulator.callsTo('chat.postMessage');
      for (const call of posts) {
        if (call.failed || call.response?.ok !== true) continue;
        const text = String(call.params.text ?? '');
        const confirmation = /^BUG-\d+ filed: (.+)$/.exec(text);
        const triage = /^BUG-\d+ (.+?) — /.exec(text);
        if (confirmation) slot(String(call.params.channel), confirmation[1]!).confirmation.push(call);
        else if (triage) slot(String(call.params.channel), triage[1]!).triage.push(call);
      }

      let lostStored = 0;
      let storedTwice = 0;
      let lostConfirmation = 0;
      let lostTriage = 0;
      const duplicates: { filing: Filing; message: string; first: RecordedCall; again: RecordedCall; incident: Incident | undefined }[] = [];
      for (const filing of acknowledged) {
        const numbers = storedBy.get(`${filing.team.teamId}|${filing.summary}`) ?? [];
        if (numbers.length === 0) lostStored += 1;
        if (numbers.length > 1) storedTwice += 1;
        const got = delivered.get(`${filing.team.channel}|${filing.summary}`) ?? { confirmation: [], triage: [] };
        if (numbers.length > 0 && got.confirmation.length === 0) lostConfirmation += 1;
        if (numbers.length > 0 && got.triage.length === 0) lostTriage += 1;
        for (const [message, calls] of [['confirmation', got.confirmation], ['triage message', got.triage]] as const) {
          for (let k = 1; k < calls.length; k += 1) {
            // The earlier delivery was accepted by Slack but not marked sent: a kill or the reset just after it.
            const first = calls[k - 1]!;
            const incident = incidents
              .filter((i) => first.at >= i.at - INCIDENT_WINDOW_MS && first.at <= i.until + 1000)
              .sort((a, b) => Math.abs(a.at - first.at) - Math.abs(b.at - first.at))[0];
            duplicates.push({ filing, message, first, again: calls[k]!, incident });
          }
        }
      }
      const savedUnacknowledged = filings.filter((f) => f.acknowledgedAt === undefined && (storedBy.get(`${f.team.teamId}|${f.summary}`)?.length ?? 0) > 0).length;
      const lost = lostStored + storedTwice + lostConfirmation + lostTriage;
      const unexplained = duplicates.filter((d) => !d.incident);
      const at = (t: number) => `${((t - started) / 1000).toFixed(1)} s`;
      for (const d of duplicates) {
        const why = d.incident
          ? `${d.incident.name} at ${at(d.incident.at)}, ${((d.incident.at - d.first.at) / 1000).toFixed(1)} s after Slack accepted the first`
          : 'no kill, reset or crash within 5 s: unexplained';
        const line = `duplicate: ${d.message} of "${d.filing.summary}" (${d.filing.team.teamId}) posted at ${at(d.first.at)} and again at ${at(d.again.at)}; ${why}`;
        ctx.log(`  ${line}`);
        ctx.check(`fault run ${line}`);
      }
      for (const crash of bot.crashes) ctx.log(`  unexpected exit at ${at(crash.at)} (${crash.how}): ${crash.output}`);

      // Recovery from the reset, without a restart: the last save that failed, and the first post after it.
      const reset = incidents.find((i) => i.kind === 'reset');
      const nextKill = reset ? incidents.filter((i) => i.kind === 'kill' && i.at > reset.until).sort((a, b) => a.at - b.at)[0] : undefined;
      const lastRefusal = reset ? Math.max(...refusedAt.filter((t) => t >= reset.at && t < (nextKill?.at ?? Infinity))) : Number.NaN;
      const firstPost = reset ? emulator.callsTo('chat.postMessage').filter((c) => c.at >= reset.until && !c.failed && c.response?.ok === true).sort((a, b) => a.at - b.at)[0] : undefined;
      const sinceBack = (t: number | undefined) => (reset && t !== undefined && Number.isFinite(t) ? `${t >= reset.until ? '+' : ''}${((t - reset.until) / 1000).toFixed(1)} s` : 'none');
      const postBeforeKill = firstPost !== undefined && (!nextKill || firstPost.at < nextKill.at);
      const recovery = `the last "Couldn't save" ${sinceBack(lastRefusal)}, the first accepted post ${sinceBack(firstPost?.at)}${postBeforeKill ? '' : ' (only after the next SIGKILL)'}`;
      ctx.log(`  after the database came back: ${recovery}`);

      // What Slack did to the calls.
      const api = emulator.calls.filter((c) => c.method !== 'response_url');
      const byKind = Object.fromEntries(randomFaultKinds.map((k) => [k, 0])) as Record<RandomFaultKind, number>;
      for (const call of api) if (call.randomFault) byKind[call.randomFault] += 1;
      const randomlyFailed = api.filter((c) => c.randomFault).length;
      const slowPosts = posts.filter((c) => c.randomFault === 'slow500').length;
      const refused = filings.reduce((n, f) => n + f.refused, 0);
      const unanswered = filings.reduce((n, f) => n + f.unanswered, 0);
      const commands = filings.reduce((n, f) => n + f.commands, 0);
      const gaveUp = filings.filter((f) => f.gaveUp);
      const kills = incidents.filter((i) => i.kind === 'kill');
      const crashes = bot.crashes.length;
      const atKill = duplicates.filter((d) => d.incident?.kind === 'kill').length;
      const atReset = duplicates.filter((d) => d.incident?.kind === 'reset').length;
      const atCrash = duplicates.filter((d) => d.incident?.kind === 'crash').length;

      ctx.check(
        `fault run (PostgreSQL through a TCP proxy, seed ${SEED}): ${BUGS} bugs started over ${FILING_MS / 1000} s in 2 workspaces, ${acknowledged.length} acknowledged` +
          (gaveUp.length > 0 ? `, ${gaveUp.length} given up (${gaveUp.map((f) => `${f.summary}: ${f.gaveUp}`).join('; ')})` : '') +
          `; ${commands} \`/bug\` commands sent for them (re-sent when no modal opened); ${filings.reduce((n, f) => n + f.submissions, 0)} submissions, of which ${refused} answered "Couldn't save" (modal kept open) and ${unanswered} got no 200 (bot down or restarting) and were resubmitted with the same view id; ` +
          `${savedUnacknowledged} bugs saved but never acknowledged. Slack emulator: ${randomlyFailed} of ${api.length} Web API calls failed at random (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
          `${posts.length} chat.postMessage calls, ${posts.filter((c) => !c.failed && c.response?.ok === true).length} accepted, ${slowPosts} of them slow 500s (2–4 s each, during which the outbox, sending one message at a time, sends nothing else). ` +
          `${kills.length} SIGKILLs at ${kills.map((k) => at(k.at)).join(', ')} (restarts took ${bot.restartMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}); database reset at ${incidents.filter((i) => i.kind === 'reset').map((i) => `${at(i.at)} for ${((i.until - i.at) / 1000).toFixed(1)} s`).join(', ')} (/healthz during it: ${healthDuringReset}; after it, ${recovery}); ` +
          `${bot.starts} process starts, ${crashes} unexpected exits${crashes > 0 ? ` (${bot.crashes.map((c) => `${at(c.at)} ${c.how}: ${c.output}`).join('; ')})` : ''}; SIGTERM at the end exited ${sigtermCode}. ` +
          `Outbox: ${state.total} rows, ${state.pending} pending, ${state.failed} failed${failedRows.length > 0 ? ` (${failedRows.map((r) => `${r.type} ${r.last_error} ×${r.n}`).join(', ')})` : ''}; ` +
          `attempts per row (a claim counts one, also when the process dies before sending): ${attempts.map((r) => `${r.attempts}: ${r.n}`).join(', ')}; ` +
          `the last sent: ${lastSent.map((r) => `${r.type} after ${r.attempts} attempts at ${at(r.sent_at.getTime())}`).join(', ')}; ` +
          `bugs in the table: ${stored.length}; lost: ${lostStored} not stored, ${storedTwice} stored twice, ${lostConfirmation} without a delivered confirmation, ${lostTriage} without a delivered triage message; ` +
          `${duplicates.length} messages delivered more than once (${atKill} at a kill, ${atReset} at the reset, ${atCrash} at an unexpected exit, ${unexplained.length} unexplained)`,
      );

      const pgOnly = (value: string) => ({ baseline: 'n/a', pglite: 'n/a (PostgreSQL behind a TCP proxy)', postgres: value });
      const rows: Row[] = [
        {
          measure: `${label}: bugs acknowledged (saved, modal closed)`,
          budget: 'all',
          values: pgOnly(`${acknowledged.length} / ${BUGS} (${refused} "Couldn't save" answers and ${unanswered} unanswered submissions, resubmitted)`),
          verdict: acknowledged.length === BUGS ? 'meets' : 'misses',
          ...(gaveUp.length > 0 ? { verdictNote: `${gaveUp.length} given up` } : {}),
        },
        {
          measure: `${label}: acknowledged bugs lost (not stored exactly once, or confirmation or triage message never delivered)`,
          budget: '0',
          values: pgOnly(`${lost} (${lostStored} not stored, ${storedTwice} stored twice, ${lostConfirmation} confirmations, ${lostTriage} triage messages)`),
          verdict: lost === 0 && drained ? 'meets' : 'misses',
          ...(!drained ? { verdictNote: 'outbox not drained' } : {}),
        },
        {
          measure: `${label}: messages delivered more than once`,
          budget: 'only at a kill or the reset (README, known limit)',
          values: pgOnly(`${duplicates.length} (${atKill} at a kill, ${atReset} at the reset${atCrash > 0 ? `, ${atCrash} at an unexpected exit` : ''}${unexplained.length > 0 ? `, ${unexplained.length} unexplained` : ''})`),
          verdict: unexplained.length === 0 ? 'meets' : 'misses',
          ...(unexplained.length > 0 ? { verdictNote: `${unexplained.length} not at a kill or the reset` } : {}),
        },
        {
          measure: `${label}: unexpected exits of the bot (not our SIGKILL)`,
          budget: '0',
          values: pgOnly(`${crashes} (${kills.length} SIGKILLs, ${bot.starts} starts${sigtermCode !== 0 ? `; SIGTERM at the end exited ${sigtermCode}` : ''})`),
          verdict: crashes === 0 && sigtermCode === 0 ? 'meets' : 'misses',
          ...(crashes > 0 ? { verdictNote: `${bot.crashes.map((c) => c.how).join(', ')}; see the checks` } : {}),
        },
        {
          measure: `diagnostic: fault run, after the ${RESET_MS / 1000} s database reset ended (no restart until ${nextKill ? `${((nextKill.at - (reset?.until ?? 0)) / 1000).toFixed(0)} s later` : 'the end'}): the last "Couldn't save" / the first post Slack accepted`,
          budget: '–',
          values: pgOnly(`${sinceBack(lastRefusal)} / ${sinceBack(firstPost?.at)}`),
          verdict: postBeforeKill ? 'n/a' : 'misses',
          ...(postBeforeKill ? {} : { verdictNote: 'the outbox did not resume before the next restart' }),
        },
        {
          measure: `${label}: outbox drained (no row pending) after the last acknowledgement`,
          budget: '–',
          values: pgOnly(drained ? `${(drainMs / 1000).toFixed(1)} s (${state.total} rows, ${state.failed} failed)` : `not within ${DRAIN_TIMEOUT_MS / 1000} s (${state.pending} pending)`),
          verdict: drained ? 'n/a' : 'misses',
          ...(drained ? {} : { verdictNote: 'not drained' }),
        },
      ];
      return rows;
    } finally {
      emulator.failRandomly(undefined);
      forgetChaos();
      await bot.stop().catch((error: unknown) => ctx.log(`  stopping the bot failed: ${(error as Error).message}`));
      forgetProxy();
      await proxy.close();
      forgetSql();
      await sql.end({ timeout: 5 });
    }
  },
};
