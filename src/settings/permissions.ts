import type { WebClient } from '@slack/web-api';

export type SettingsPermission = { allowed: true; timeZone: string | undefined } | { allowed: false; askUserIds: string[] };

/**
 * Only workspace admins and owners (as users.info says) or the installing user may change settings.
 * Refused people are told whom to ask: up to five admins, and the installer.
 */
export async function settingsPermission(client: WebClient, userId: string, installerUserId: string | null): Promise<SettingsPermission> {
  const { user } = await client.users.info({ user: userId });
  if (user?.is_admin || user?.is_owner || user?.is_primary_owner || (installerUserId !== null && userId === installerUserId)) {
    return { allowed: true, timeZone: user?.tz };
  }
  const listed = await client.users.list({ limit: 200 }).catch(() => ({ members: [] }));
  const admins = (listed.members ?? []).filter((m) => (m.is_admin || m.is_owner) && !m.deleted && !m.is_bot && m.id).map((m) => m.id!);
  return { allowed: false, askUserIds: [...new Set([...(installerUserId ? [installerUserId] : []), ...admins])].slice(0, 5) };
}

export function askAnAdmin(askUserIds: string[]): string {
  const who = askUserIds.length > 0 ? ` Ask ${askUserIds.map((id) => `<@${id}>`).join(', ')}.` : ' Ask a workspace admin.';
  return `Only workspace admins and owners, or whoever installed Shortlist, can change its settings.${who}`;
}
