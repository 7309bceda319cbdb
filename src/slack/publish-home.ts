import type { WebClient } from '@slack/web-api';
import { buildHome } from '../blocks/home.ts';
import { backlogHealth } from '../items/backlog-health.ts';
import { defaultTeam } from '../teams/team-store.ts';
import { findItems } from '../items/item-queries.ts';
import type { ListenerDeps } from './deps.ts';

/** Builds and publishes one person's Home tab as the backlog is now: when they open it, and after Keep or Close there. */
export async function publishHome({ database, clock }: Pick<ListenerDeps, 'database' | 'clock'>, client: WebClient, teamId: string, userId: string): Promise<void> {
  const now = clock();
  const settings = await defaultTeam(database.db, teamId);
  const [health, reported, assigned] = await Promise.all([
    backlogHealth(database.db, settings, now),
    findItems(database.db, teamId, { types: ['bug', 'story'], reporter: userId, openOnly: true, order: 'newest', limit: 10 }),
    findItems(database.db, teamId, { types: ['bug'], owner: userId, openOnly: true, order: 'newest', limit: 10 }),
  ]);
  await client.views.publish({ user_id: userId, view: buildHome({ health, reported, assigned, now, staleAfterDays: settings.staleAfterDays }) });
}
