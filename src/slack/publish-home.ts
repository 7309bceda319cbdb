import type { WebClient } from '@slack/web-api';
import { buildHome } from '../blocks/home.ts';
import { backlogHealth } from '../items/backlog-health.ts';
import { findItems } from '../items/item-queries.ts';
import { homeTeams } from '../teams/home-teams.ts';
import type { ListenerDeps } from './deps.ts';
import { slackDirectory } from './slack-directory.ts';

/**
 * Builds and publishes one person's Home tab as the backlog is now: when they open it, and after Keep or Close
 * there. The health shown is that of the teams whose intake channels they are in (teams/home-teams.ts).
 */
export async function publishHome({ database, clock, logger }: Pick<ListenerDeps, 'database' | 'clock' | 'logger'>, client: WebClient, teamId: string, userId: string): Promise<void> {
  const now = clock();
  const { db } = database;
  const [teams, reported, assigned] = await Promise.all([
    homeTeams(db, teamId, userId, slackDirectory(client), logger),
    findItems(db, teamId, { types: ['bug', 'story'], reporter: userId, openOnly: true, order: 'newest', limit: 10 }),
    findItems(db, teamId, { types: ['bug'], owner: userId, openOnly: true, order: 'newest', limit: 10 }),
  ]);
  const health = await Promise.all(teams.shown.map(async (team) => ({ teamId: team.id, name: team.name, health: await backlogHealth(db, team, now) })));
  const staleAfterDays = { byTeam: new Map(teams.all.map((team) => [team.id, team.staleAfterDays])), otherwise: teams.all[0]!.staleAfterDays };
  const view = buildHome({ teams: health, named: teams.all.length > 1, moreTeams: teams.more, reported, assigned, now, staleAfterDays });
  await client.views.publish({ user_id: userId, view });
}
