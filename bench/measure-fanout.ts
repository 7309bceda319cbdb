// Digest fan-out (`BENCH_ONLY=fan-out npm run bench` runs it alone): 1,000 teams in 10 workspaces whose
// weekly digests all fall due in the same minute, two bots on one PostgreSQL database, the stand-in answering
// every call after 150 ms with Slack's per-channel limit. Every digest must be posted once, within 2 minutes
// of the minute they fell due.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { onCleanup } from './cleanup.ts';
import { startBots } from './measure-delivery.ts';
import type { Measure } from './report.ts';

const LATENCY_MS = Number(process.env.BENCH_SLACK_LATENCY_MS ?? 150);
const WORKSPACES = 10;
const TEAMS_PER_WORKSPACE = 100;
const TEAMS = WORKSPACES * TEAMS_PER_WORKSPACE;
const BUDGET_MS = 120_000;
const CHANNEL_PREFIX = 'C_FANOUT_';

/** The next minute at least 25 s away (the bots start meanwhile): when every digest falls due. */
function dueMinute(now = Date.now()): Date {
  const minute = new Date(Math.ceil((now + 25_000) / 60_000) * 60_000);
  return minute;
}

/** 10 workspaces (each gets its default team from the migration's trigger) and 99 more teams each, all due at `due` (UTC), quiet weeks posted too. */
async function seed(url: string, due: Date): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url });
  try {
    const weekday = due.getUTCDay() === 0 ? 7 : due.getUTCDay();
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    await database.db.execute(sql`insert into workspaces (id) select 'T_FANOUT_' || w from generate_series(0, ${WORKSPACES - 1}) as w`);
    await database.db.execute(
      sql`insert into teams (workspace_id, name) select 'T_FANOUT_' || w, 'Fan-out team ' || t from generate_series(0, ${WORKSPACES - 1}) as w, generate_series(1, ${TEAMS_PER_WORKSPACE - 1}) as t`,
    );
    await database.db.execute(
      sql`update teams set digest_channel_id = ${CHANNEL_PREFIX} || id, digest_weekday = ${weekday}, digest_time = ${time}, time_zone = 'UTC', skip_quiet_weeks = false where workspace_id like 'T_FANOUT_%'`,
    );
    const [row] = (await database.db.execute(sql`select count(*)::int as n from teams where digest_channel_id like ${`${CHANNEL_PREFIX}%`}`)) as unknown as { n: number }[];
    if (row?.n !== TEAMS) throw new Error(`seeded ${row?.n} teams, expected ${TEAMS}`);
  } finally {
    await database.close();
  }
}

export const digestFanOut: Measure = {
  name: 'fan-out: 1,000 teams whose digests fall due in the same minute, two instances, Slack at 150 ms',
  async run(ctx) {
    const measure = `digest fan-out: ${TEAMS} teams (${WORKSPACES} workspaces) due in the same minute, two instances on one PostgreSQL, Slack at ${LATENCY_MS} ms: last digest posted after the minute`;
    const budget = 'all posted once, within 2 min';
    if (!ctx.pg) return [{ measure, budget, values: {}, verdict: 'n/a', verdictNote: 'no PostgreSQL server' }];
    const { emulator } = ctx;
    emulator.reset();
    const url = await ctx.pg.createDatabase();
    const due = dueMinute();
    await seed(url, due);
    const bots = await startBots(ctx, 2, url);
    const forget = onCleanup('fan-out bots', () => Promise.all(bots.map((b) => b.kill())).then(() => undefined));
    try {
      emulator.pace.configure({ latencyMs: LATENCY_MS, perChannel: { burst: 3, perSecond: 1 } });
      const posted = () => emulator.callsTo('chat.postMessage').filter((c) => !c.failed && String(c.params.channel).startsWith(CHANNEL_PREFIX));
      await sleep(Math.max(0, due.getTime() - Date.now()));
      const deadline = due.getTime() + BUDGET_MS + 30_000;
      while (new Set(posted().map((c) => c.params.channel)).size < TEAMS && Date.now() < deadline) await sleep(250);
      await sleep(2000);
      const posts = posted();
      const perChannel = new Map<string, number>();
      for (const post of posts) perChannel.set(String(post.params.channel), (perChannel.get(String(post.params.channel)) ?? 0) + 1);
      const missing = TEAMS - perChannel.size;
      const twice = [...perChannel.values()].filter((n) => n > 1).length;
      const times = posts.map((p) => p.at).sort((a, b) => a - b);
      const lastMs = (times.at(-1) ?? Number.NaN) - due.getTime();
      const firstMs = (times[0] ?? Number.NaN) - due.getTime();
      const half = times[Math.floor(times.length / 2)] ?? Number.NaN;
      ctx.log(`   ${posts.length} digest posts in ${perChannel.size} of ${TEAMS} channels; first ${(firstMs / 1000).toFixed(1)} s, half by ${((half - due.getTime()) / 1000).toFixed(1)} s, last ${(lastMs / 1000).toFixed(1)} s after the minute; ${missing} missing, ${twice} posted twice; ${emulator.calls.filter((c) => c.rateLimited).length} 429s`);
      ctx.check(`fan-out: ${TEAMS} teams due at ${due.toISOString()}; ${perChannel.size} digest channels got a post, ${twice} more than one; the last ${(lastMs / 1000).toFixed(1)} s after the minute`);
      const ok = missing === 0 && twice === 0 && lastMs <= BUDGET_MS;
      const why = [missing > 0 ? `${missing} not posted` : '', twice > 0 ? `${twice} posted twice` : '', lastMs > BUDGET_MS ? `last after ${(lastMs / 1000).toFixed(1)} s` : ''].filter(Boolean).join(', ');
      return [
        {
          measure,
          budget,
          values: { baseline: 'n/a', pglite: 'not run (two instances need PostgreSQL)', postgres: `${(lastMs / 1000).toFixed(1)} s (half by ${((half - due.getTime()) / 1000).toFixed(1)} s); ${missing} missing, ${twice} twice` },
          verdict: ok ? 'meets' : 'misses',
          ...(why ? { verdictNote: why } : {}),
        },
      ];
    } finally {
      emulator.pace.configure({});
      await Promise.all(bots.map((b) => b.stop().catch(() => b.kill())));
      forget();
    }
  },
};
