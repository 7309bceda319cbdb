import { answerBacklog, moreValue } from '../src/backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../src/backlog/parse-command.ts';
import { buildDigest } from '../src/blocks/digest.ts';
import { buildItemList, PAGE_SIZE } from '../src/blocks/item-list.ts';
import type { Database } from '../src/db/client.ts';
import type { Team } from '../src/db/schema.ts';
import { collectDigest, type DigestData } from '../src/digest/collect-digest.ts';
import { findItems } from '../src/items/item-queries.ts';
import { listTeams } from '../src/teams/team-store.ts';
import { messageLimitProblems } from '../test/support/slack-limits.ts';
import { onEachDatabase, type Timing, timed } from './large-database.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf } from './report.ts';
import { seedLargeWorkspace } from './seed.ts';

const TEAMS = 20;
const ITEMS = 100_000;
const WORKSPACE = 'T_TEAMS';
const NOW = new Date('2026-11-23T08:00:00Z');
/** Every team's digest this many times (one after another, team by team), and `/backlog list` this many times, going round the teams. */
const DIGEST_ROUNDS = 5;
const LIST_RUNS = 60;

interface Timings {
  digest: Timing;
  /** All teams' digests composed one after another: what a Monday 09:00 tick of this workspace costs. */
  everyTeam: Timing;
  scopedList: Timing;
  workspaceList: Timing;
}

/** `/backlog list` as answerBacklog answers it (findItems, then the list's blocks), scoped to one team. */
async function scopedList(database: Database, team: Team): Promise<unknown> {
  const found = await findItems(database.db, WORKSPACE, { types: ['bug', 'story'], teamId: team.id, order: 'newest', limit: PAGE_SIZE, offset: 0 });
  return buildItemList({ heading: 'Items, newest first', empty: 'Nothing here.', ...found, offset: 0, now: NOW, staleAfterDays: team.staleAfterDays, more: moreValue('list') });
}

async function measureOn(ctx: BenchContext, kind: 'pglite' | 'postgres', database: Database): Promise<Timings> {
  const seedStarted = performance.now();
  const seeded = await seedLargeWorkspace(database.db, { workspaceId: WORKSPACE, items: ITEMS, now: NOW, teams: TEAMS });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const teams = await listTeams(database.db, WORKSPACE);
  if (teams.length !== TEAMS) throw new Error(`${kind}: seeded ${teams.length} teams, not ${TEAMS}`);

  const collect = (team: Team) => collectDigest(database.db, team, NOW, 'Europe/Rome', team.name);
  const digests: DigestData[] = [];
  for (const team of teams) {
    const data = await collect(team);
    const problems = messageLimitProblems(buildDigest(data));
    if (problems.length > 0) throw new Error(`${kind}: the digest of ${team.name} is over Slack's limits: ${problems.join('; ')}`);
    digests.push(data);
  }
  // Each team's digest counts only its items: together they count the workspace's, once.
  const sum = (pick: (data: DigestData) => number) => digests.reduce((total, data) => total + pick(data), 0);
  const openBugs = sum((data) => Object.values(data.health.openBugs).reduce((a, b) => a + b, 0));
  const workspaceOpen = await findItems(database.db, WORKSPACE, { types: ['bug'], openOnly: true, order: 'newest', limit: 1 });
  if (openBugs !== workspaceOpen.total) throw new Error(`${kind}: the teams' digests count ${openBugs} open bugs, the workspace has ${workspaceOpen.total}`);
  if (!digests.every((data, i) => data.teamName === teams[i]!.name)) throw new Error(`${kind}: a team's digest does not name its team`);

  let next = 0;
  const nextTeam = () => teams[next++ % teams.length]!;
  const digest = await timed(DIGEST_ROUNDS * TEAMS, async () => buildDigest(await collect(nextTeam())));
  const everyTeam = await timed(DIGEST_ROUNDS, async () => {
    for (const team of teams) buildDigest(await collect(team));
  });
  const list = await timed(LIST_RUNS, () => scopedList(database, nextTeam()));
  const command = parseBacklogCommand('list');
  const workspaceList = await timed(LIST_RUNS, () => answerBacklog(command, { db: database.db, workspaceId: WORKSPACE, userId: 'U1', now: NOW, commandText: 'list', offset: 0 }));

  const perTeam = (pick: (data: DigestData) => number) => `${Math.min(...digests.map(pick))}–${Math.max(...digests.map(pick))}`;
  ctx.log(`  ${kind}: seeded ${TEAMS} teams, ${seeded.bugs} bugs, ${seeded.stories} stories, ${seeded.history} history rows in ${seedSeconds.toFixed(1)} s; per-team digest p50 ${ms(digest.p50)}, p99 ${ms(digest.p99)}; scoped list p99 ${ms(list.p99)}`);
  ctx.check(
    `${TEAMS} teams on ${kind}: seeded ${seeded.bugs} bugs + ${seeded.stories} stories and ${seeded.history} history rows over ${TEAMS} teams in ${seedSeconds.toFixed(1)} s (then vacuum analyze); ` +
      `per team the digest showed ${perTeam((d) => d.health.ready)} ready, ${perTeam((d) => Object.values(d.health.openBugs).reduce((a, b) => a + b, 0))} open bugs, ` +
      `${perTeam((d) => d.stale.total)} stale, ${perTeam((d) => d.thisWeek.changes)} changes this week; the ${TEAMS} digests' open bugs add up to the workspace's ${openBugs}; every digest within Slack's limits and named`,
  );
  return { digest, everyTeam, scopedList: list, workspaceList };
}

export const teamsWorkspace: Measure = {
  name: `teams: every team's digest and a team's /backlog list in a workspace with ${TEAMS} teams and 100 000 items`,
  async run(ctx) {
    const results = await onEachDatabase(ctx, 'teams workspace', (kind, database) => measureOn(ctx, kind, database));
    const measured = Object.values(results);
    const where = `${TEAMS} teams, ${ITEMS.toLocaleString('en')} items`;
    return [
      {
        measure: `digest compose per team (collect + build blocks), ${where}, ${DIGEST_ROUNDS} × ${TEAMS} runs: p50 / p99`,
        budget: '< 100 ms each',
        values: { ...cells(ctx, results, (t) => `${ms(t.digest.p50)} / ${ms(t.digest.p99)}`), baseline: 'n/a' },
        verdict: verdictOf(measured.map((t) => t.digest.p99 < 100)),
        verdictNote: 'p99',
      },
      {
        measure: `\`/backlog list\` scoped to one team (query + answer blocks), ${where}, ${LIST_RUNS} runs going round the teams: p50 / p99`,
        budget: '< 50 ms',
        values: { ...cells(ctx, results, (t) => `${ms(t.scopedList.p50)} / ${ms(t.scopedList.p99)}`), baseline: 'n/a' },
        verdict: verdictOf(measured.map((t) => t.scopedList.p99 < 50)),
        verdictNote: 'p99',
      },
      {
        measure: `diagnostic: all ${TEAMS} teams' digests composed one after another (a tick when every team is due): p50 / p99`,
        budget: '–',
        values: { ...cells(ctx, results, (t) => `${ms(t.everyTeam.p50)} / ${ms(t.everyTeam.p99)}`), baseline: 'n/a' },
        verdict: 'n/a',
      },
      {
        measure: `diagnostic: \`/backlog list\` over every team of the workspace (answerBacklog, as today outside an intake channel): p50 / p99`,
        budget: '–',
        values: { ...cells(ctx, results, (t) => `${ms(t.workspaceList.p50)} / ${ms(t.workspaceList.p99)}`), baseline: 'n/a' },
        verdict: 'n/a',
      },
    ];
  },
};
