import type { Authorize } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { slackClientOptions } from './client-options.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { workspaces } from '../db/schema.ts';
import { type Logger, toBoltLogger } from '../logger.ts';
import { createInstallationStore, installationKey, NoInstallationError } from '../oauth/installation-store.ts';
import { createStateStore } from '../oauth/state-store.ts';
import { singleWorkspaceAuthorize } from './authorize.ts';
import { botScopes } from './scopes.ts';

/** How the app speaks for a workspace: one token from the environment, or installations from OAuth. */
export interface Authorization {
  authorize: Authorize<boolean>;
  /** The Web API client for a workspace's bot, or undefined when it has no installation (uninstalled); throws when it cannot tell just now. */
  clientFor(workspaceId: string): Promise<WebClient | undefined>;
  /** OAuth mode only: serves /slack/install and /slack/oauth_redirect. */
  installer: InstallProvider | undefined;
  /** Forgets a workspace's (or org's) tokens; its items stay. */
  uninstall(query: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<void>;
}

export function createAuthorization(slack: Config['slack'], database: Database, logger: Logger): Authorization {
  const options = slackClientOptions(slack.apiUrl);
  const { mode } = slack;
  if (mode.kind === 'single') {
    const client = new WebClient(mode.botToken, options);
    return {
      authorize: singleWorkspaceAuthorize(new WebClient(undefined, options), mode.botToken, logger),
      clientFor: async () => client,
      installer: undefined,
      uninstall: async (query) => {
        // The token lives in the environment; Slack has revoked it, so requests will fail until it is replaced.
        logger.warn({ teamId: query.teamId }, 'app uninstalled in single-workspace mode: replace SLACK_BOT_TOKEN after reinstalling');
      },
    };
  }
  const store = createInstallationStore(database.db, mode.encryptionKey);
  const installer = new InstallProvider({
    clientId: mode.clientId,
    clientSecret: mode.clientSecret,
    stateSecret: mode.stateSecret,
    stateStore: createStateStore(database.db),
    installationStore: store,
    directInstall: true,
    clientOptions: options,
    logger: toBoltLogger(logger),
  });
  const clients = new Map<string, WebClient>();
  return {
    // InstallProvider.authorize also refreshes a rotating token that is about to expire, and stores it.
    authorize: (source) => installer.authorize(source),
    async clientFor(workspaceId) {
      const [workspace] = await database.db.select({ enterpriseId: workspaces.enterpriseId }).from(workspaces).where(eq(workspaces.id, workspaceId));
      try {
        const { botToken } = await installer.authorize({ teamId: workspaceId, enterpriseId: workspace?.enterpriseId ?? undefined, isEnterpriseInstall: false });
        if (!botToken) return undefined;
        let client = clients.get(botToken);
        if (!client) {
          client = new WebClient(botToken, options);
          // Rotated and revoked tokens must not pile up: keep the most recent hundred.
          if (clients.size >= 100) clients.delete(clients.keys().next().value!);
          clients.set(botToken, client);
        }
        return client;
      } catch (error) {
        // Only a missing installation means "no token". A database blip or a failed token refresh is
        // thrown on, so the outbox retries the message instead of giving it up.
        if (isMissingInstallation(error)) return undefined;
        throw error;
      }
    },
    installer,
    async uninstall(query) {
      await store.deleteInstallation({ teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: Boolean(query.isEnterpriseInstall) } as never);
      logger.info({ key: installationKey(query), teamId: query.teamId }, 'installation deleted');
    },
  };
}

export const installUrlOptions = { scopes: botScopes };

/** InstallProvider.authorize wraps whatever the store threw in an AuthorizationError, as `original`. */
function isMissingInstallation(error: unknown): boolean {
  return error instanceof NoInstallationError || (error as { original?: unknown } | undefined)?.original instanceof NoInstallationError;
}
