import { answerBacklog } from '../src/backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../src/backlog/parse-command.ts';
import { buildDigest } from '../src/blocks/digest.ts';
import { defaultTeamOf } from '../test/support/teams.ts';
import type { Database } from '../src/db/client.ts';
import { collectDigest } from '../src/digest/collect-digest.ts';
import { findItems } from '../src/items/item-queries.ts';
import { messageLimitProblems } from '../test/support/slack-limits.ts';
import { onEachDatabase, type Timing, timed } from './large-database.ts';
import { type BenchContext, cells, type Measure, ms, verdictOf } from './report.ts';
import { plantedTerms, seedLargeWorkspace } from './seed.ts';

const ITEMS = 100_000;
const WORKSPACE = 'T_LARGE';
const NOW = new Date('2026-11-23T08:00:00Z');
const DIGEST_RUNS = 30;
const SEARCH_RUNS = 20;

/** What `/backlog search` is asked, and how many items each must find (from the seed's plan). */
const searches = [
  { text: plantedTerms.rare, label: 'a rare word (5 items)', matches: 5 },
  { text: plantedTerms.onePercent, label: 'a word in 1 % of items', matches: 1000 },
  { text: plantedTerms.tenPercent, label: 'a word in 10 % of items', matches: 10_000 },
  { text: `${plantedTerms.tenPercent} crash`, label: 'two words', matches: undefined },
  { text: 'nothingmatchesthis', label: 'no match', matches: 0 },
];

interface Timings {
  digest: Timing;
  searches: Timing[];
}

async function measureOn(ctx: BenchContext, kind: 'pglite' | 'postgres', database: Database): Promise<Timings> {
  const seedStarted = performance.now();
  const seeded = await seedLargeWorkspace(database.db, { workspaceId: WORKSPACE, items: ITEMS, now: NOW });
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const team = await defaultTeamOf(database.db, WORKSPACE);
  const compose = async () => buildDigest(await collectDigest(database.db, team, NOW, 'Europe/Rome'));
  const digest = await compose();
  const problems = messageLimitProblems(digest);
  if (problems.length > 0) throw new Error(`${kind}: the digest for ${ITEMS} items is over Slack's limits: ${problems.join('; ')}`);
  const data = await collectDigest(database.db, team, NOW, 'Europe/Rome');
  const digestTimes = await timed(DIGEST_RUNS, compose);

  const searchTimes = [];
  const found: string[] = [];
  for (const search of searches) {
    const { total } = await findItems(database.db, WORKSPACE, { types: ['bug', 'story'], search: search.text, order: 'rank', limit: 20 });
    if (search.matches !== undefined && total !== search.matches) throw new Error(`${kind}: search "${search.text}" found ${total} items, the seed planted ${search.matches}`);
    found.push(`"${search.text}" ${total}`);
    const context = { db: database.db, workspaceId: WORKSPACE, userId: 'U1', now: NOW, commandText: `search ${search.text}`, offset: 0 };
    const command = parseBacklogCommand(`search ${search.text}`);
    searchTimes.push(await timed(SEARCH_RUNS, () => answerBacklog(command, context)));
  }
  ctx.log(`  ${kind}: seeded ${seeded.bugs} bugs, ${seeded.stories} stories, ${seeded.history} history rows in ${seedSeconds.toFixed(1)} s; digest p50 ${ms(digestTimes.p50)}, p99 ${ms(digestTimes.p99)}`);
  ctx.check(
    `large workspace on ${kind}: seeded ${seeded.bugs} bugs + ${seeded.stories} stories and ${seeded.history} history rows in ${seedSeconds.toFixed(1)} s (then vacuum analyze); ` +
      `the digest showed ${data.health.ready} ready of cap ${data.health.cap}, ${data.health.ideas} ideas, ${Object.values(data.health.openBugs).reduce((a, b) => a + b, 0)} open bugs, ` +
      `${data.health.untriaged} untriaged, ${data.stale.total} stale, this week ${data.thisWeek.changes} changes, ${digest.blocks.length} blocks within Slack's limits; ` +
      `searches found ${found.join(', ')}`,
  );
  return { digest: digestTimes, searches: searchTimes };
}

export const largeWorkspace: Measure = {
  name: 'digest compose and /backlog search in a workspace with 100 000 items',
  async run(ctx) {
    const results = await onEachDatabase(ctx, 'large workspace', (kind, database) => measureOn(ctx, kind, database));
    const measured = Object.values(results);
    const worst = (t: Timings) => t.searches.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    return [
      {
        measure: `digest compose (collect + build blocks), workspace with ${ITEMS.toLocaleString('en')} items, ${DIGEST_RUNS} runs: p50 / p99`,
        budget: '< 100 ms',
        values: { ...cells(ctx, results, (t) => `${ms(t.digest.p50)} / ${ms(t.digest.p99)}`), baseline: 'n/a' },
        verdict: verdictOf(measured.map((t) => t.digest.p99 < 100)),
        verdictNote: 'p99',
      },
      {
        measure: `\`/backlog search\` (query + answer blocks) over ${ITEMS.toLocaleString('en')} items, the slowest of ${searches.length} searches: p50 / p99`,
        budget: '< 50 ms',
        values: { ...cells(ctx, results, (t) => `${ms(worst(t).p50)} / ${ms(worst(t).p99)} (${searches[t.searches.indexOf(worst(t))]!.label})`), baseline: 'n/a' },
        verdict: verdictOf(measured.flatMap((t) => t.searches.map((s) => s.p99 < 50))),
        verdictNote: 'p99 of every search',
      },
      ...searches.map((search, i) => ({
        measure: `diagnostic: \`/backlog search ${search.text}\` (${search.label}): p50 / p99`,
        budget: '–',
        values: { ...cells(ctx, results, (t) => `${ms(t.searches[i]!.p50)} / ${ms(t.searches[i]!.p99)}`), baseline: 'n/a' },
        verdict: 'n/a' as const,
      })),
    ];
  },
};
