import type { ActionsBlock } from '@slack/types';
import type { ItemKind } from '../items/types.ts';
import type { ItemTeams } from '../teams/team-choice.ts';
import { moveTeamIds } from './ids.ts';
import { teamOptions } from './team-field.ts';

export type { ItemTeams };

/** Move to team: a select of the other teams (at most 100). The block id carries the item: `item_move:<type>:<id>`. */
export function moveTeamBlock(item: { type: ItemKind; id: number }, teams: ItemTeams): ActionsBlock | undefined {
  if (teams.others.length === 0) return undefined;
  return {
    type: 'actions',
    block_id: `${moveTeamIds.blockPrefix}:${item.type}:${item.id}`,
    elements: [{ type: 'static_select', action_id: moveTeamIds.action, placeholder: { type: 'plain_text', text: 'Move to team' }, options: teamOptions(teams.others) }],
  };
}
