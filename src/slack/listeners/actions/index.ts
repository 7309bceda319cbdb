import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { emojiIntakeIds, flagIds, homeIds, listIds, moveTeamIds, storyIds, storyModalIds, teamListIds, triageIds } from '../../../blocks/ids.ts';
import { route } from '../router.ts';
import { rotatePressed } from './flag-actions.ts';
import { flagKeyEntered } from './flag-key-entered.ts';
import { followDuplicatePressed } from './follow-duplicate.ts';
import { closeItemPressed, homeReportBugPressed, homeWriteStoryPressed, keepPressed, morePressed } from './list-actions.ts';
import { moveTeamSelected } from './move-team.ts';
import { reportReactedPressed } from './report-reacted.ts';
import { storyMovePressed, watchPressed } from './story-actions.ts';
import { addTeamPressed, editTeamChosen } from './team-actions.ts';
import {
  closePressed,
  impactSelected,
  infoAddedPressed,
  needsInfoPressed,
  ownerSelected,
  probabilitySelected,
  startPressed,
} from './triage-actions.ts';

export function registerActions(app: App, deps: ListenerDeps): void {
  const handlers = {
    [triageIds.probabilityAction]: probabilitySelected(deps),
    [triageIds.impactAction]: impactSelected(deps),
    [triageIds.ownerAction]: ownerSelected(deps),
    [triageIds.needsInfoAction]: needsInfoPressed(deps),
    [triageIds.infoAddedAction]: infoAddedPressed(deps),
    [triageIds.startAction]: startPressed(deps),
    [triageIds.closeAction]: closePressed(deps),
    [triageIds.followDuplicateAction]: followDuplicatePressed(deps),
    [storyIds.readyAction]: storyMovePressed(deps, 'ready'),
    [storyIds.startAction]: storyMovePressed(deps, 'start'),
    [storyIds.doneAction]: storyMovePressed(deps, 'done'),
    [storyIds.wontDoAction]: storyMovePressed(deps, 'wont_do'),
    [storyIds.ideaAction]: storyMovePressed(deps, 'idea'),
    [storyIds.watchAction]: watchPressed(deps),
    [listIds.keepAction]: keepPressed(deps),
    [listIds.closeAction]: closeItemPressed(deps),
    [listIds.moreAction]: morePressed(deps),
    [homeIds.reportBugAction]: homeReportBugPressed(deps),
    [homeIds.writeStoryAction]: homeWriteStoryPressed(deps),
    [moveTeamIds.action]: moveTeamSelected(deps),
    [teamListIds.addAction]: addTeamPressed(deps),
    [teamListIds.editAction]: editTeamChosen(deps),
    [teamListIds.editOtherAction]: editTeamChosen(deps),
    [flagIds.rotateAction]: rotatePressed(deps),
    [emojiIntakeIds.reportAction]: reportReactedPressed(deps),
    [storyModalIds.fields.flagKey.actionId]: flagKeyEntered(deps),
  };
  type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
  app.action<BlockAction>({ type: 'block_actions' }, route<Args>('action', handlers, ({ action }) => action.action_id, deps.logger));
}
