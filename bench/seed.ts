import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { queryRows } from '../src/db/rows.ts';
import { addTeam, workspaceWithSettings } from '../test/support/teams.ts';

/**
 * A large, realistic workspace, written by set-based INSERT … SELECT over generate_series (one statement
 * per table, the same on PGlite and PostgreSQL): 60 % bugs, 40 % stories, created over the past year,
 * most of them closed, each with its history rows (created, and the status changes that got it where it
 * is), so the digest's trend queries have a year of history to read.
 *
 * Search terms with a known number of matches are planted in the text:
 * - `zanzibar` in 5 bugs' "actual" field (a rare word),
 * - `checkout` in 1 % of bug summaries and story titles,
 * - `login` in 10 % of bug summaries and story "I want to" fields.
 */
export interface SeedPlan {
  workspaceId: string;
  items: number;
  now: Date;
  /**
   * How many teams the items are spread over (default 1: all in the default team): items go to the teams in
   * runs of 20 (item g to team ⌊g / 20⌋ mod teams), so every team has items of every age and status (the
   * statuses follow g mod 10 and mod 20). Team i > 0 is "Team i", with intake channel `C<i>`, where its items
   * were filed (the default team's in C0).
   */
  teams?: number;
}

export const plantedTerms = { rare: 'zanzibar', onePercent: 'checkout', tenPercent: 'login' } as const;

const words = [
  'page', 'button', 'export', 'report', 'invoice', 'search', 'filter', 'profile', 'avatar', 'upload', 'download', 'email', 'notification',
  'calendar', 'settings', 'dashboard', 'chart', 'table', 'sidebar', 'menu', 'modal', 'dialog', 'form', 'field', 'date', 'timezone', 'billing',
  'subscription', 'plan', 'team', 'member', 'invite', 'permission', 'role', 'admin', 'audit', 'log', 'session', 'token', 'password', 'reset',
  'mobile', 'tablet', 'desktop', 'safari', 'firefox', 'chrome', 'android', 'iphone', 'slow', 'blank', 'frozen', 'crash', 'error', 'timeout',
  'duplicate', 'missing', 'wrong', 'broken', 'stuck', 'flicker', 'overlap', 'truncated', 'garbled', 'empty', 'stale', 'cached', 'retry',
];

/** The word list as a lateral `v.w`, so each row can pick words from it. */
const vocabulary = sql.raw(`cross join (select array[${words.map((w) => `'${w}'`).join(',')}] as w) v`);
/** A pseudo-random word of the list: deterministic, spread by a multiplicative hash of g and a salt. */
const word = (salt: number) => sql.raw(`v.w[1 + ((g * ${salt}) % ${words.length})]`);
/** Integers computed here, inlined (typed parameters would make Postgres guess their types). */
const n = (value: number) => sql.raw(String(Math.trunc(value)));

export async function seedLargeWorkspace(db: Db, { workspaceId, items, now, teams = 1 }: SeedPlan): Promise<{ bugs: number; stories: number; history: number; teamIds: number[] }> {
  const bugCount = Math.round(items * 0.6);
  const storyCount = items - bugCount;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  // Item g of count was created (count − g) / count of a year before now (an hour before, at the latest).
  const spread = (count: number) => sql`${nowSql} - (interval '365 days' * (${n(count)} - g)::float8 / ${n(count)}) - interval '1 hour'`;
  const first = await workspaceWithSettings(db, { id: workspaceId, bugSeq: bugCount, storySeq: storyCount }, { backlogCap: 25, timeZone: 'Europe/Rome' });
  const teamIds = [first.id];
  for (let i = 1; i < teams; i += 1) teamIds.push((await addTeam(db, workspaceId, { name: `Team ${i}`, channels: [`C${i}`], backlogCap: 25, timeZone: 'Europe/Rome' })).id);
  // Item g's team and channel; history rows take their item's team (the trigger of drizzle/0002).
  const teamOf = sql.raw(`(array[${teamIds.join(',')}]::bigint[])[1 + (g / 20) % ${teams}]`);
  const channelOf = sql.raw(teams > 1 ? `'C' || ((g / 20) % ${teams})::text` : `'C' || (g % 20)::text`);

  // created_at: spread over 365 days, newest last; a bug's status follows from g (most old ones resolved).
  await db.execute(sql`
    insert into bugs (workspace_id, team_id, number, summary, steps, expected, actual, environment, status, resolution, probability, impact,
                      owner_id, reporter_id, channel_id, created_at, updated_at, resolved_at, needs_info_since)
    select ${workspaceId}, ${teamOf}, g,
      case when g % 100 = 3 then 'checkout ' else '' end || case when g % 10 = 1 then 'login ' else '' end ||
        ${word(7)} || ' ' || ${word(13)} || ' on the ' || ${word(17)} || ' ' || ${word(19)},
      '1. Open the ' || ${word(23)} || E'\n2. Click ' || ${word(29)} || E'\n3. Look at the ' || ${word(31)},
      'The ' || ${word(37)} || ' shows the ' || ${word(41)},
      'The ' || ${word(43)} || ' is ' || ${word(47)} || case when g % 12000 = 7 then ' zanzibar' else '' end,
      ${word(53)} || ' ' || (g % 40)::text,
      s.status,
      case when s.status = 'resolved' then (array['fixed','wont_fix','cannot_reproduce','expired'])[1 + g % 4] end,
      case when s.status <> 'new' then 1 + g % 5 end,
      case when s.status <> 'new' then 1 + (g / 5) % 5 end,
      case when s.status in ('triaged','in_progress','resolved') then 'U' || (g % 40)::text end,
      'U' || (g % 200)::text, ${channelOf},
      t.created, t.changed, case when s.status = 'resolved' then t.changed end,
      case when s.status = 'needs_info' then t.changed end
    from generate_series(1, ${n(bugCount)}) g ${vocabulary}
    cross join lateral (select ${spread(bugCount)} as created) c
    cross join lateral (select c.created, least(c.created + interval '2 days', ${nowSql} - interval '1 minute') as changed) t
    cross join lateral (select case
      when g > ${n(bugCount)} - ${n(bugCount * 0.1)} and g % 3 = 0 then 'new'
      when g % 10 = 0 then 'triaged' when g % 20 = 1 then 'in_progress' when g % 20 = 11 then 'needs_info'
      when g > ${n(bugCount)} - ${n(bugCount * 0.1)} and g % 3 = 1 then 'new'
      else 'resolved' end as status) s`);

  await db.execute(sql`
    insert into stories (workspace_id, team_id, number, title, persona, want, benefit, criteria, flag_key, status, reporter_id, channel_id,
                         created_at, updated_at, ready_at, done_at)
    select ${workspaceId}, ${teamOf}, g,
      case when g % 100 = 3 then 'checkout ' else '' end || 'People can ' || ${word(7)} || ' their ' || ${word(11)},
      (array['admin','team member','guest','billing owner','new user'])[1 + g % 5],
      case when g % 10 = 1 then 'login and ' else '' end || 'see my ' || ${word(13)} || ' without ' || ${word(17)},
      'I do not lose my ' || ${word(19)},
      'Given a ' || ${word(23)} || E'\nWhen I open it\nThen I see the ' || ${word(29)},
      case when g % 4 = 0 then 'flag_' || g::text end,
      s.status, 'U' || (g % 200)::text, ${channelOf},
      t.created, t.changed,
      case when s.status in ('ready','in_progress','done') then t.readied end,
      case when s.status = 'done' then t.changed end
    from generate_series(1, ${n(storyCount)}) g ${vocabulary}
    cross join lateral (select ${spread(storyCount)} as created) c
    cross join lateral (select c.created, least(c.created + interval '1 day', ${nowSql} - interval '2 minutes') as readied,
      least(c.created + interval '3 days', ${nowSql} - interval '1 minute') as changed) t
    cross join lateral (select case
      when g > ${n(storyCount)} - 25 then 'ready'
      when g > ${n(storyCount)} - ${n(storyCount * 0.15)} and g % 2 = 0 then 'idea'
      when g % 50 = 0 then 'in_progress' when g % 5 = 0 then 'wont_do' else 'done' end as status) s`);

  // History: every item was created; the ones past their first state got there in one recorded change.
  await db.execute(sql`
    insert into item_history (workspace_id, item_type, item_id, actor_id, action, from_status, to_status, created_at)
    select workspace_id, 'bug', id, reporter_id, 'created', null, 'new', created_at from bugs where workspace_id = ${workspaceId}
    union all
    select workspace_id, 'bug', id, coalesce(owner_id, 'U1'), 'status', 'new', status, updated_at from bugs where workspace_id = ${workspaceId} and status <> 'new'
    union all
    select workspace_id, 'story', id, reporter_id, 'created', null, 'idea', created_at from stories where workspace_id = ${workspaceId}
    union all
    select workspace_id, 'story', id, reporter_id, 'status', 'idea', 'ready', ready_at from stories where workspace_id = ${workspaceId} and ready_at is not null
    union all
    select workspace_id, 'story', id, reporter_id, 'status', 'ready', status, updated_at from stories where workspace_id = ${workspaceId} and status in ('in_progress', 'done')
    union all
    select workspace_id, 'story', id, reporter_id, 'status', 'idea', status, updated_at from stories where workspace_id = ${workspaceId} and status = 'wont_do'`);
  // The state the app keeps a database in: autovacuum on PostgreSQL, the nightly maintenance job on PGlite.
  await db.execute(sql`vacuum analyze`);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from item_history where workspace_id = ${workspaceId}`);
  return { bugs: bugCount, stories: storyCount, history: row?.n ?? 0, teamIds };
}
