import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { moveTeamIds } from '../../../blocks/ids.ts';
import { escapeMrkdwn } from '../../../blocks/mrkdwn.ts';
import type { ItemKind } from '../../../items/types.ts';
import { moveItemToTeam } from '../../../teams/move-item.ts';
import { answerPrivately } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { itemIdFrom } from '../../item-id.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The item a Move to team select belongs to: its block id, `item_move:<type>:<id>`. */
function itemOf(blockId: string): { type: ItemKind; id: number } | undefined {
  const match = /^([a-z]+):(.*)$/.exec(blockId.startsWith(`${moveTeamIds.blockPrefix}:`) ? blockId.slice(moveTeamIds.blockPrefix.length + 1) : '');
  const type = match?.[1];
  const id = itemIdFrom(match?.[2]);
  return (type === 'bug' || type === 'story') && id ? { type, id } : undefined;
}

/** Move to team (triage message, `/backlog show`): moves the item and tells the person privately how it went. */
export const moveTeamSelected =
  (deps: ListenerDeps) =>
  async ({ ack, body, action, respond }: ActionArgs): Promise<void> => {
    const { logger, database } = deps;
    await ack();
    const answerer = { respond, logger };
    const workspaceId = workspaceOf(body);
    const item = itemOf(action.block_id);
    const teamId = itemIdFrom(action.type === 'static_select' ? action.selected_option?.value : undefined);
    if (!workspaceId || !item || !teamId) return answerPrivately(answerer, 'That item or team is not in this workspace.');
    await tellIfFailed(answerer, { teamId: workspaceId, item, toTeamId: teamId }, async () => {
      const result = await moveItemToTeam(database.db, { workspaceId, type: item.type, itemId: item.id, teamId, actorId: body.user.id });
      if (!result.ok) {
        logger.info({ teamId: workspaceId, item, toTeamId: teamId, refusal: result.error }, 'move to team refused');
        // Refusals name teams, as typed by people: escaped, so a name is never a mention or a link.
        return answerPrivately(answerer, result.error === 'refused' ? escapeMrkdwn(result.message) : 'That item is not in this workspace.');
      }
      deps.wakeOutbox();
      logger.info({ teamId: workspaceId, key: result.key, toTeamId: teamId }, 'item moved to another team');
      const idea = result.arrivedAsIdea ? ` Its backlog is full (${result.to.backlogCap} ready), so it arrives there as an idea.` : '';
      await answerPrivately(answerer, `Moved ${result.key} to the team ${escapeMrkdwn(result.to.name)}.${idea}`);
    });
  };
