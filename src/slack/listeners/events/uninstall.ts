import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';

/** app_uninstalled: forget the workspace's (or org's) tokens. Its items stay, unreachable until reinstall. */
export const appUninstalled =
  ({ authorization }: AppDeps) =>
  async ({ body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs): Promise<void> => {
    await authorization.uninstall({ teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: body.is_enterprise_install });
  };

/** tokens_revoked: when the bot's token is among them, forget the installation. */
export const tokensRevoked =
  ({ authorization }: AppDeps) =>
  async ({ event, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs): Promise<void> => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await authorization.uninstall({ teamId: body.team_id, enterpriseId: body.enterprise_id, isEnterpriseInstall: body.is_enterprise_install });
  };
