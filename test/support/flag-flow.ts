import { createHmac, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import { type FlagConnection, flagConnections, type Story, stories } from '../../src/db/schema.ts';
import type { FlagProvider } from '../../src/flags/types.ts';
import { flagSecretKey } from '../../src/rollouts/connection-secrets.ts';
import { createConnection } from '../../src/rollouts/connections.ts';
import { type Actor, SIGNING_SECRET } from '../../src/sandbox/deliver.ts';
import { teamOfChannel } from '../../src/teams/team-store.ts';
import type { Harness } from './harness.ts';
import { pressStory, reloadStory, writeStoryThrough } from './story-flow.ts';

/** The key the app encrypts connection secrets with in the tests (no TOKEN_ENCRYPTION_KEY: derived from the signing secret). */
export const testSecretKey = flagSecretKey({ signingSecret: SIGNING_SECRET })!;

/** A GrowthBook event webhook key, as GrowthBook makes them. */
export const growthBookKey = () => `ewhk_${randomUUID().replace(/-/g, '')}`;

export interface Connected {
  connection: FlagConnection;
  secret: string | null;
  provider: FlagProvider;
}

/** A connection of the channel's team made as setup makes it (the setup flow is tested on its own). */
export async function connectFlags(h: Harness, actor: Actor, provider: FlagProvider, options: { production?: string; unsigned?: boolean; channelId?: string } = {}): Promise<Connected> {
  const team = await teamOfChannel(h.database.db, actor.teamId, options.channelId ?? 'C_PRODUCT');
  const made = await createConnection(h.database.db, testSecretKey, {
    workspaceId: actor.teamId,
    enterpriseId: null,
    teamId: team.id,
    provider,
    productionEnvironment: options.production ?? 'production',
    unsigned: options.unsigned ?? false,
    pastedSecret: provider === 'growthbook' ? growthBookKey() : undefined,
    createdBy: actor.userId,
  });
  return { ...made, provider };
}

/** The headers `provider` signs `raw` with, given the connection's secret; `id` is the Standard Webhooks message id. */
export function signedHeaders(provider: FlagProvider, secret: string | null, raw: Buffer, id = `msg_${randomUUID()}`, at = new Date()): Record<string, string> {
  if (secret === null) return {};
  const hex = () => createHmac('sha256', secret).update(raw).digest('hex');
  switch (provider) {
    case 'generic': {
      const signature = new Webhook(secret).sign(id, at, raw.toString('utf8'));
      return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
    }
    case 'growthbook':
      return { 'X-GrowthBook-Signature': hex(), 'webhook-id': id };
    case 'launchdarkly':
      return { 'X-LD-Signature': hex() };
    case 'flagsmith':
      return { 'X-Flagsmith-Signature': hex() };
    case 'unleash':
      return { Authorization: secret };
  }
}

/** POSTs a body to a connection's webhook URL as its provider would, signed unless `headers` say otherwise. */
export function deliverFlag(h: Harness, to: Connected, body: string | Buffer, headers?: Record<string, string>, path = `/flags/${to.provider}/${to.connection.id}`): Promise<Response> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return fetch(`${h.appUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(headers ?? signedHeaders(to.provider, to.secret, raw)) }, body: new Uint8Array(raw) });
}

/** The generic format's body (docs/flags.md). */
export const genericBody = (flag: string, fields: { enabled: boolean; rollout?: number; at: string; environment?: string }) =>
  JSON.stringify({ flag, environment: fields.environment ?? 'production', enabled: fields.enabled, ...(fields.rollout === undefined ? {} : { rollout: fields.rollout }), at: fields.at });

/** A story with `flagKey`, written through /story and moved on to `status`. */
export async function storyWithFlag(h: Harness, actor: Actor, flagKey: string, status: 'idea' | 'ready' | 'in_progress' = 'ready'): Promise<Story> {
  const story = await writeStoryThrough(h, actor, { flag_key_block: flagKey });
  if (status === 'idea') return story;
  await pressStory(h, actor, story, 'ready');
  await expect.poll(async () => (await reloadStory(h, story)).status).toBe('ready');
  if (status === 'in_progress') {
    await pressStory(h, actor, story, 'start');
    await expect.poll(async () => (await reloadStory(h, story)).status).toBe('in_progress');
  }
  return reloadStory(h, story);
}

export const archiveConnection = (h: Harness, connection: FlagConnection) => h.database.db.update(flagConnections).set({ archivedAt: new Date() }).where(eq(flagConnections.id, connection.id));

/** Thread replies to a story's message, as text. */
export const threadOf = (h: Harness, story: Story) => h.emulator.thread(story.threadChannelId!, story.threadTs!).map((m) => String(m.text));

export const storyRow = async (h: Harness, id: number) => (await h.database.db.select().from(stories).where(eq(stories.id, id)))[0]!;
