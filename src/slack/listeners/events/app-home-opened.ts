import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { buildHome } from '../../../blocks/home.ts';
import { backlogHealth, workspaceSettings } from '../../../items/backlog-health.ts';
import { findItems } from '../../../items/item-queries.ts';
import type { ListenerDeps } from '../../deps.ts';

/** Publishes the Home tab each time someone opens it, so it is never stale. */
export const appHomeOpened =
  ({ database, logger, clock }: ListenerDeps) =>
  async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id;
    const now = clock();
    try {
      const [health, settings, reported, assigned] = await Promise.all([
        backlogHealth(database.db, teamId, now),
        workspaceSettings(database.db, teamId),
        findItems(database.db, teamId, { types: ['bug', 'story'], reporter: event.user, openOnly: true, order: 'newest', limit: 10 }),
        findItems(database.db, teamId, { types: ['bug'], owner: event.user, openOnly: true, order: 'newest', limit: 10 }),
      ]);
      await client.views.publish({ user_id: event.user, view: buildHome({ health, reported, assigned, now, staleAfterDays: settings.staleAfterDays }) });
    } catch (error) {
      logger.error({ err: error, teamId }, 'publishing the Home tab failed');
    }
  };
