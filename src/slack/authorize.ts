import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';

/**
 * Single-workspace authorization. Bolt's built-in one calls auth.test at construction and keeps a
 * failure forever (and crashes the process when Slack is unreachable at start); this one caches only
 * a successful answer, so the app starts offline and recovers once Slack answers.
 */
export function singleWorkspaceAuthorize(client: WebClient, botToken: string, logger: Logger): Authorize<boolean> {
  let identity: Promise<{ botId: string; botUserId: string }> | undefined;
  const lookUp = () =>
    client.auth.test({ token: botToken }).then((result) => ({ botId: result.bot_id ?? '', botUserId: result.user_id ?? '' }));
  return async () => {
    identity ??= lookUp().catch((error: unknown) => {
      identity = undefined;
      logger.error({ err: error }, 'auth.test failed: check SLACK_BOT_TOKEN and that Slack is reachable');
      throw error;
    });
    return { botToken, ...(await identity) };
  };
}
