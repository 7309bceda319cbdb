import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { type Team, teamChannels, teams } from '../../src/db/schema.ts';
import { type ActionSpec, type Actor, blockActions, sendInteraction, viewSubmission } from '../../src/sandbox/deliver.ts';
import type { Harness } from './harness.ts';

/** What a test types into the team modal; anything left out is a valid default. */
export interface TeamValues {
  name?: string;
  channels?: string[];
  triageChannel?: string;
  digestChannel?: string;
  weekday?: string;
  time?: string;
  tz?: string;
  cap?: string;
  stale?: string;
  needsInfo?: string;
  quiet?: boolean;
  triagers?: string[];
  archive?: boolean;
  /** The intake emoji as typed; left out, the field is not sent. */
  emoji?: string;
}

/** Presses a control of the `/backlog teams` answer: the views.open it led to, or the private answer on the response URL. */
export async function pressTeamControl(h: Harness, actor: Actor, action: ActionSpec) {
  const responseUrl = h.emulator.responseUrl();
  const payload = blockActions(actor, action, { channelId: 'C_GENERAL', messageTs: '1.1', responseUrl }) as { trigger_id: string };
  await sendInteraction(h.appUrl, payload);
  return h.emulator.waitFor((calls) => calls.find((c) => (c.method === 'views.open' && c.params.trigger_id === payload.trigger_id) || (c.method === 'response_url' && c.params.url === responseUrl)));
}

export const pressAddTeam = (h: Harness, actor: Actor) => pressTeamControl(h, actor, { action_id: 'team_add_button', block_id: 'teams_actions', type: 'button', value: 'add' });

export const pressEditTeam = (h: Harness, actor: Actor, teamId: number) => pressTeamControl(h, actor, { action_id: 'team_edit_button', block_id: `team:${teamId}`, type: 'button', value: String(teamId) });

/** Opens the Add team modal as `actor` (an admin) and returns it. */
export async function addTeamModal(h: Harness, actor: Actor) {
  const call = await pressAddTeam(h, actor);
  if (call.method !== 'views.open' || call.response?.ok !== true) throw new Error(`the team modal did not open: ${JSON.stringify(call.response ?? call.params)}`);
  return call.params.view;
}

/** Opens the Edit modal of a team as `actor` (an admin) and returns it. */
export async function editTeamModal(h: Harness, actor: Actor, teamId: number) {
  const call = await pressEditTeam(h, actor, teamId);
  if (call.method !== 'views.open' || call.response?.ok !== true) throw new Error(`the team modal did not open: ${JSON.stringify(call.response ?? call.params)}`);
  return call.params.view;
}

/** Submits the team modal with `values`, as Slack sends its inputs and selects; returns the field errors, if the app answered with any. */
export async function submitTeam(h: Harness, view: any, actor: Actor, values: TeamValues): Promise<Record<string, string> | undefined> {
  const payload = viewSubmission({ ...view, id: `VTEAM${randomUUID().slice(0, 8).toUpperCase()}` }, {}, actor) as any;
  payload.view.state.values = {
    team_name_block: { team_name_input: { type: 'plain_text_input', value: values.name ?? null } },
    intake_channels_block: { intake_channels_select: { type: 'multi_conversations_select', selected_conversations: values.channels ?? [] } },
    digest_channel_block: { digest_channel_select: { type: 'conversations_select', selected_conversation: values.digestChannel ?? null } },
    weekday_block: { weekday_select: { type: 'static_select', selected_option: { value: values.weekday ?? '1' } } },
    time_block: { time_picker: { type: 'timepicker', selected_time: values.time ?? '09:00' } },
    timezone_block: { timezone_input: { type: 'plain_text_input', value: values.tz ?? 'Europe/Rome' } },
    quiet_block: { quiet_checkbox: { type: 'checkboxes', selected_options: values.quiet ? [{ value: 'skip' }] : [] } },
    triage_channel_block: { triage_channel_select: { type: 'conversations_select', selected_conversation: values.triageChannel ?? null } },
    cap_block: { cap_input: { type: 'number_input', value: values.cap ?? '25' } },
    stale_block: { stale_input: { type: 'number_input', value: values.stale ?? '30' } },
    needs_info_block: { needs_info_input: { type: 'number_input', value: values.needsInfo ?? '14' } },
    triagers_block: { triagers_select: { type: 'multi_users_select', selected_users: values.triagers ?? [] } },
    archive_block: { archive_checkbox: { type: 'checkboxes', selected_options: values.archive ? [{ value: 'archive' }] : [] } },
    ...(values.emoji === undefined ? {} : { intake_emoji_block: { intake_emoji_input: { type: 'plain_text_input', value: values.emoji } } }),
  };
  const response = await sendInteraction(h.appUrl, payload);
  const text = await response.text();
  return text ? (JSON.parse(text).errors as Record<string, string>) : undefined;
}

/** A team of a workspace that has a row, made directly in the database, with its intake channels. */
export async function insertTeam(db: Db, workspaceId: string, name: string, channelIds: string[] = []): Promise<Team> {
  const [team] = await db.insert(teams).values({ workspaceId, name }).returning();
  if (channelIds.length > 0) await db.insert(teamChannels).values(channelIds.map((channelId) => ({ workspaceId, channelId, teamId: team!.id })));
  return team!;
}

/** The workspace's active teams, by name, with their intake channels: what the tests compare. */
export async function teamsOf(db: Db, workspaceId: string): Promise<{ name: string; channels: string[] }[]> {
  const rows = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), isNull(teams.archivedAt))).orderBy(teams.id);
  const channels = await db.select().from(teamChannels).where(eq(teamChannels.workspaceId, workspaceId)).orderBy(teamChannels.channelId);
  return rows.map((team) => ({ name: team.name, channels: channels.filter((c) => c.teamId === team.id).map((c) => c.channelId) }));
}
