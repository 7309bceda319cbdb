import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { listIds, storyIds, triageIds } from '../../ids.ts';
import { followDuplicatePressed } from './follow-duplicate.ts';
import { closeItemPressed, homeReportBugPressed, homeWriteStoryPressed, keepPressed, morePressed } from './list-actions.ts';
import { storyMovePressed, watchPressed } from './story-actions.ts';
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
  app.action<BlockAction>(triageIds.probabilityAction, probabilitySelected(deps));
  app.action<BlockAction>(triageIds.impactAction, impactSelected(deps));
  app.action<BlockAction>(triageIds.ownerAction, ownerSelected(deps));
  app.action<BlockAction>(triageIds.needsInfoAction, needsInfoPressed(deps));
  app.action<BlockAction>(triageIds.infoAddedAction, infoAddedPressed(deps));
  app.action<BlockAction>(triageIds.startAction, startPressed(deps));
  app.action<BlockAction>(triageIds.closeAction, closePressed(deps));
  app.action<BlockAction<ButtonAction>>(triageIds.followDuplicateAction, followDuplicatePressed(deps));
  app.action<BlockAction<ButtonAction>>(storyIds.readyAction, storyMovePressed(deps, 'ready'));
  app.action<BlockAction<ButtonAction>>(storyIds.startAction, storyMovePressed(deps, 'start'));
  app.action<BlockAction<ButtonAction>>(storyIds.doneAction, storyMovePressed(deps, 'done'));
  app.action<BlockAction<ButtonAction>>(storyIds.wontDoAction, storyMovePressed(deps, 'wont_do'));
  app.action<BlockAction<ButtonAction>>(storyIds.ideaAction, storyMovePressed(deps, 'idea'));
  app.action<BlockAction<ButtonAction>>(storyIds.watchAction, watchPressed(deps));
  app.action<BlockAction<ButtonAction>>(listIds.keepAction, keepPressed(deps));
  app.action<BlockAction<ButtonAction>>(listIds.closeAction, closeItemPressed(deps));
  app.action<BlockAction<ButtonAction>>(listIds.moreAction, morePressed(deps));
  app.action<BlockAction<ButtonAction>>(listIds.homeReportBug, homeReportBugPressed(deps));
  app.action<BlockAction<ButtonAction>>(listIds.homeWriteStory, homeWriteStoryPressed(deps));
}
