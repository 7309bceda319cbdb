import type { InputBlock, PlainTextOption } from '@slack/types';
import type { TeamChoice } from '../teams/team-choice.ts';
import { truncate } from '../text/limits.ts';
import { teamFieldIds } from './ids.ts';

/** Slack's most options in one select. */
export const MAX_OPTIONS = 100;

/** Teams as select options (a name is ≤ 40 characters; Slack allows 75), at most 100 of them. */
export function teamOptions(teams: { id: number; name: string }[]): PlainTextOption[] {
  return teams.slice(0, MAX_OPTIONS).map((team) => ({ text: { type: 'plain_text', text: truncate(team.name, 75) }, value: String(team.id) }));
}

/** The Team field of a filing form: every team, the channel's preselected. */
export function teamField(choice: TeamChoice): InputBlock {
  const options = teamOptions(choice.teams);
  const initial = options.find((option) => option.value === String(choice.selectedId)) ?? options[0];
  return {
    type: 'input',
    block_id: teamFieldIds.blockId,
    label: { type: 'plain_text', text: 'Team' },
    hint: { type: 'plain_text', text: 'Whose backlog this goes to. Preselected from the channel.' },
    element: { type: 'static_select', action_id: teamFieldIds.actionId, options, ...(initial ? { initial_option: initial } : {}) },
  };
}
