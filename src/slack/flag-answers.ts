import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { buildConnectionAnswer } from '../blocks/flag-setup.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { ConnectionWithSecret } from '../rollouts/connections.ts';
import { settingsPermission } from '../settings/permissions.ts';
import { installerOf } from '../settings/settings-store.ts';
import type { FlagSetupDeps } from './deps.ts';
import { parseJsonAs } from './parse-json.ts';
import type { SlackDirectory } from '../settings/slack-directory.ts';

/** What a flag modal carries back: the team (setup) or the connection (GrowthBook rotate), and where to answer. */
export const flagModalContext = z.object({
  teamId: z.number().int().nonnegative().optional(),
  connectionId: z.string().min(1).max(64).optional(),
  responseUrl: z.url().max(2000),
});

export type FlagModalContext = z.infer<typeof flagModalContext>;

export const readFlagModalContext = (privateMetadata: string | undefined) => parseJsonAs(flagModalContext, privateMetadata);

/** Who may connect flag systems and rotate secrets: whoever may change the settings. */
export async function flagPermission(db: Db, directory: SlackDirectory, workspaceId: string, userId: string) {
  return settingsPermission(directory, userId, await installerOf(db, workspaceId));
}

/** The URL and secret, once, as an ephemeral answer through a response URL (a modal submission has no `respond`). */
export async function answerAt(responseUrl: string, message: { text: string; blocks: KnownBlock[] }, logger: Logger, replace = false): Promise<boolean> {
  const response = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: replace, ...message }),
    signal: AbortSignal.timeout(5000),
  }).catch((error: unknown) => logger.warn({ err: error }, 'could not answer privately'));
  return response?.ok === true;
}

/** The answer showing a connection's URL and, once, its secret. */
export function connectionAnswer(flags: FlagSetupDeps, made: ConnectionWithSecret, rotated: boolean) {
  const { connection, secret } = made;
  const base = flags.publicUrl();
  return buildConnectionAnswer({
    provider: connection.provider,
    url: `${base}/flags/${connection.provider}/${connection.id}`,
    secret,
    productionEnvironment: connection.productionEnvironment,
    rotated,
    localUrl: /^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(`${base}/`),
  });
}
