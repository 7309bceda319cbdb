import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { publishHome } from '../../publish-home.ts';

/** Publishes the Home tab each time someone opens it, so it is never stale. */
export const appHomeOpened =
  (deps: ListenerDeps) =>
  async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, body.team_id, event.user);
    } catch (error) {
      deps.logger.error({ err: error, teamId: body.team_id }, 'publishing the Home tab failed');
    }
  };
