import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { triageIds } from '../../ids.ts';
import { followDuplicatePressed } from './follow-duplicate.ts';
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
}
