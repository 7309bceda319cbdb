import type { WebClient } from '@slack/web-api';

/** Someone who may change the settings, to be asked by a person who may not. */
export interface SettingsAdmin {
  id: string;
  /** How Slack shows them (display name, else real name, else handle). */
  name: string;
}

export type SettingsPermission = { allowed: true; timeZone: string | undefined } | { allowed: false; ask: SettingsAdmin[] };

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

const nameOf = (user: SlackUser | undefined, fallback: string) => user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name || fallback;

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
  const members = listed.members ?? [];
  const admins = members.filter((m) => (m.is_admin || m.is_owner) && !m.deleted && !m.is_bot && m.id);
  const ask: SettingsAdmin[] = admins.map((m) => ({ id: m.id!, name: nameOf(m, 'a workspace admin') }));
  if (installerUserId && !ask.some((a) => a.id === installerUserId)) {
    const listedInstaller = members.find((m) => m.id === installerUserId);
    const installer = listedInstaller ?? (await client.users.info({ user: installerUserId }).then(({ user: found }) => found, () => undefined));
    ask.unshift({ id: installerUserId, name: nameOf(installer, 'whoever installed Shortlist') });
  }
  return { allowed: false, ask: ask.slice(0, 5) };
}

/**
 * Whom to ask, in words. `mention` (ephemeral messages: mrkdwn) names them as `<@U…>`; `name` (modal field
 * errors: plain text, where a mention shows raw) by their Slack names.
 */
export function askAnAdmin(ask: SettingsAdmin[], style: 'mention' | 'name'): string {
  const who = ask.length > 0 ? ` Ask ${ask.map((person) => (style === 'mention' ? `<@${person.id}>` : person.name)).join(', ')}.` : ' Ask a workspace admin.';
  return `Only workspace admins and owners, or whoever installed Shortlist, can change its settings.${who}`;
}
