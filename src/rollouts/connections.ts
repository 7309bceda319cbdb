import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type FlagConnection, flagConnections } from '../db/schema.ts';
import { ensureWorkspace } from '../items/workspace-lock.ts';
import { defaultTeam } from '../teams/team-store.ts';
import { generateSigningSecret } from '../flags/secrets.ts';
import type { FlagProvider } from '../flags/types.ts';
import { signingIsOptional } from '../flags/verify.ts';
import { sealSecret } from './connection-secrets.ts';

export interface NewConnection {
  workspaceId: string;
  enterpriseId: string | null;
  teamId: number;
  provider: FlagProvider;
  productionEnvironment: string;
  /** Chosen at setup, only where the provider's signing is optional. */
  unsigned: boolean;
  /** GrowthBook: the key GrowthBook made, pasted by the admin; other providers get one made here. */
  pastedSecret?: string;
  createdBy: string;
}

/** A connection and, once, its secret in clear (null for an unsigned one), to show the admin who made it. */
export interface ConnectionWithSecret {
  connection: FlagConnection;
  secret: string | null;
}

/** 24 url-safe characters from 18 random bytes: the URL is the connection's name, and nobody guesses it. */
const newConnectionId = () => `fc_${randomBytes(18).toString('base64url')}`;

function secretFor(provider: FlagProvider, pasted: string | undefined): string {
  return provider === 'growthbook' && pasted ? pasted : generateSigningSecret(provider);
}

export async function createConnection(db: Db, key: Buffer, request: NewConnection): Promise<ConnectionWithSecret> {
  const unsigned = request.unsigned && signingIsOptional[request.provider];
  const secret = unsigned ? null : secretFor(request.provider, request.pastedSecret);
  await ensureWorkspace(db, request.workspaceId, request.enterpriseId, request.createdBy);
  // Team 0 is a default team not saved yet: the workspace row just made has it now.
  const teamId = request.teamId === 0 ? (await defaultTeam(db, request.workspaceId)).id : request.teamId;
  const [connection] = await db
    .insert(flagConnections)
    .values({
      id: newConnectionId(),
      workspaceId: request.workspaceId,
      teamId,
      provider: request.provider,
      productionEnvironment: request.productionEnvironment,
      secretEncrypted: secret === null ? null : sealSecret(key, secret),
      unsigned,
      createdBy: request.createdBy,
    })
    .returning();
  return { connection: connection!, secret };
}

/**
 * A new secret for an active connection of the workspace (GrowthBook: the new key pasted); the old one
 * fails from now on. An unsigned connection becomes signed. Undefined when there is no such connection.
 */
export async function rotateSecret(db: Db, key: Buffer, workspaceId: string, connectionId: string, pastedSecret?: string): Promise<ConnectionWithSecret | undefined> {
  const [current] = await db.select().from(flagConnections).where(and(eq(flagConnections.id, connectionId), eq(flagConnections.workspaceId, workspaceId), isNull(flagConnections.archivedAt)));
  if (!current) return undefined;
  const secret = secretFor(current.provider, pastedSecret);
  const [connection] = await db
    .update(flagConnections)
    .set({ secretEncrypted: sealSecret(key, secret), unsigned: false, rotatedAt: sql`now()` })
    .where(eq(flagConnections.id, current.id))
    .returning();
  return { connection: connection!, secret };
}

/** The connection a webhook URL names, archived or not (the caller refuses an archived one). */
export async function connectionById(db: Db, connectionId: string): Promise<FlagConnection | undefined> {
  const [connection] = await db.select().from(flagConnections).where(eq(flagConnections.id, connectionId));
  return connection;
}

/** A team's active connections, oldest first. */
export function teamConnections(db: Db, teamId: number): Promise<FlagConnection[]> {
  return db
    .select()
    .from(flagConnections)
    .where(and(eq(flagConnections.teamId, teamId), isNull(flagConnections.archivedAt)))
    .orderBy(asc(flagConnections.createdAt), asc(flagConnections.id));
}
