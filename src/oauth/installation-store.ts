import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { eq, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { installations, workspaces } from '../db/schema.ts';
import { nameDefaultTeam } from '../teams/team-store.ts';
import { decryptToken, encryptToken } from './token-crypto.ts';

/** The row key: an org-wide Enterprise Grid install, or one workspace. */
export function installationKey(query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (!query.teamId) throw new Error('an installation needs a team id unless it is an org install');
  return `team:${query.teamId}`;
}

export class NoInstallationError extends Error {}

/**
 * Installations in the database with tokens encrypted at rest. Bolt's InstallProvider calls it to store
 * a new install, to authorize every request, and to store rotated tokens.
 */
export function createInstallationStore(db: Db, key: Buffer): Required<InstallationStore> {
  return {
    async storeInstallation(installation) {
      if (!installation.bot) throw new Error('Shortlist needs a bot token; the install granted none');
      const isEnterpriseInstall = Boolean(installation.isEnterpriseInstall);
      const row = {
        key: installationKey({ isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id }),
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall,
        appId: installation.appId ?? null,
        botId: installation.bot.id,
        botUserId: installation.bot.userId,
        botScopes: installation.bot.scopes.join(','),
        botTokenEncrypted: encryptToken(key, installation.bot.token),
        botRefreshTokenEncrypted: installation.bot.refreshToken ? encryptToken(key, installation.bot.refreshToken) : null,
        botTokenExpiresAt: installation.bot.expiresAt ?? null,
        installerUserId: installation.user.id,
        updatedAt: new Date(),
      };
      await db.transaction(async (tx) => {
        await tx.insert(installations).values(row).onConflictDoUpdate({ target: installations.key, set: row });
        // The installer may change settings and hears how to set up the digest.
        if (row.teamId) {
          await tx
            .insert(workspaces)
            .values({ id: row.teamId, enterpriseId: row.enterpriseId, installerUserId: row.installerUserId })
            .onConflictDoUpdate({ target: workspaces.id, set: { installerUserId: row.installerUserId } });
          // Its first team is named after it (unless someone has named that team already).
          if (installation.team?.name) await nameDefaultTeam(tx, row.teamId, installation.team.name);
        }
      });
    },

    async fetchInstallation(query) {
      // A workspace of an org-wide install has no row of its own: fall back to the org's.
      const keys = [query.teamId && !query.isEnterpriseInstall ? `team:${query.teamId}` : undefined, query.enterpriseId ? `enterprise:${query.enterpriseId}` : undefined].filter(
        (k): k is string => k !== undefined,
      );
      if (keys.length === 0) throw new NoInstallationError('no team or enterprise id');
      const rows = await db.select().from(installations).where(or(...keys.map((k) => eq(installations.key, k))));
      const row = keys.map((k) => rows.find((r) => r.key === k)).find(Boolean);
      if (!row) throw new NoInstallationError(`no installation for ${keys.join(' or ')}`);
      return {
        team: row.teamId ? { id: row.teamId } : undefined,
        enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
        isEnterpriseInstall: row.isEnterpriseInstall,
        appId: row.appId ?? undefined,
        authVersion: 'v2',
        tokenType: 'bot',
        user: { id: row.installerUserId ?? '', token: undefined, scopes: undefined },
        bot: {
          token: decryptToken(key, row.botTokenEncrypted),
          refreshToken: row.botRefreshTokenEncrypted ? decryptToken(key, row.botRefreshTokenEncrypted) : undefined,
          expiresAt: row.botTokenExpiresAt ?? undefined,
          scopes: (row.botScopes ?? '').split(',').filter(Boolean),
          id: row.botId ?? '',
          userId: row.botUserId ?? '',
        },
      } as Installation<'v2', boolean>;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await db.delete(installations).where(eq(installations.key, installationKey(query)));
    },
  };
}
