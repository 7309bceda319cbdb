import type { KnownBlock, ModalView } from '@slack/types';
import type { Team } from '../db/schema.ts';
import { workspaceDefaults } from '../db/workspace-defaults.ts';
import { teamLimits } from '../teams/team-limits.ts';
import { teamModalIds } from './ids.ts';
import { textInput } from './inputs.ts';
import { settingsBlocks } from './settings-modal.ts';

const { fields, archive } = teamModalIds;
const label = (text: string) => ({ type: 'plain_text' as const, text });
const archiveOption = { text: label('Archive this team'), value: 'archive' };

type EditedTeam = Pick<
  Team,
  'id' | 'name' | 'isDefault' | 'triagerIds' | 'digestChannelId' | 'digestWeekday' | 'digestTime' | 'timeZone' | 'skipQuietWeeks' | 'triageChannelId' | 'backlogCap' | 'staleAfterDays' | 'needsInfoDays' | 'intakeEmoji'
>;

/** What the team modal is opened on: nothing (Add team), or a team with its channels and how many open items it holds. */
export type TeamModalInput = { kind: 'add' } | { kind: 'edit'; team: EditedTeam; channelIds: string[]; openItems: number };

/** Which team a team modal saves (null: a new one), carried in its `private_metadata`. */
export const teamTarget = (teamId: number | null) => JSON.stringify({ teamId });

/** Why a team with open items cannot be archived, in the modal's hint and in its error. */
export const openItemsRemain = (n: number) => (n === 1 ? '1 open item remains: move or close it first.' : `${n} open items remain: move or close them first.`);

export const defaultTeamStays = "The default team cannot be archived: items filed outside other teams' channels go to it.";

function archiveBlocks(team: EditedTeam, openItems: number): KnownBlock[] {
  if (team.isDefault) return [{ type: 'context', block_id: archive.blockId, elements: [{ type: 'plain_text', text: defaultTeamStays }] }];
  return [
    {
      type: 'input',
      block_id: archive.blockId,
      optional: true,
      label: label('Archive'),
      hint: label(openItems > 0 ? openItemsRemain(openItems) : 'It holds no open item. Archived, its channels go to the default team; nothing else is saved.'),
      element: { type: 'checkboxes', action_id: archive.actionId, options: [archiveOption] },
    },
  ];
}

/** The team modal: Add team (empty, the default settings) or Edit (the team as it is, and Archive). */
export function buildTeamModal(input: TeamModalInput, defaultTimeZone: string): ModalView {
  const team = input.kind === 'edit' ? input.team : undefined;
  const current = team ?? { ...workspaceDefaults, name: '', triagerIds: [], digestChannelId: null, timeZone: null, triageChannelId: null };
  const channelIds = input.kind === 'edit' ? input.channelIds : [];
  const blocks: KnownBlock[] = [
    textInput(fields.name, { label: 'Name', placeholder: 'Payments', multiline: false, optional: false, hint: 'Unique in the workspace.' }, teamLimits.name, current.name),
    {
      type: 'input',
      block_id: fields.intakeChannelIds.blockId,
      optional: true,
      label: label('Intake channels'),
      hint: label(
        team?.isDefault
          ? "Bugs and stories filed in these channels, and in any channel that is no other team's, come to this team."
          : 'Bugs and stories filed in these channels come to this team. A channel belongs to one team.',
      ),
      element: {
        type: 'multi_conversations_select',
        action_id: fields.intakeChannelIds.actionId,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        max_selected_items: teamLimits.intakeChannels,
        ...(channelIds.length > 0 ? { initial_conversations: channelIds } : {}),
      },
    },
    ...settingsBlocks(current, defaultTimeZone, { weekday: 'Weekday', time: 'Time', quietWeeks: 'Skip quiet weeks' }),
    {
      type: 'input',
      block_id: fields.triagerIds.blockId,
      optional: true,
      label: label('Triagers'),
      hint: label("Named on this team's triage messages."),
      element: {
        type: 'multi_users_select',
        action_id: fields.triagerIds.actionId,
        max_selected_items: teamLimits.triagers,
        ...(current.triagerIds.length > 0 ? { initial_users: current.triagerIds } : {}),
      },
    },
    ...(input.kind === 'edit' ? archiveBlocks(input.team, input.openItems) : []),
  ];
  return {
    type: 'modal',
    callback_id: teamModalIds.callbackId,
    private_metadata: teamTarget(team?.id ?? null),
    title: label(team ? 'Edit team' : 'Add team'),
    submit: label(team ? 'Save' : 'Add team'),
    close: label('Cancel'),
    blocks,
  };
}
