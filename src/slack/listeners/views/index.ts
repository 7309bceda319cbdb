import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { bugModalIds, closeModalIds, settingsModalIds, storyModalIds, swapModalIds } from '../../ids.ts';
import { bugSubmission } from './bug-submission.ts';
import { closeSubmission } from './close-submission.ts';
import { settingsSubmission } from './settings-submission.ts';
import { storySubmission } from './story-submission.ts';
import { swapSubmission } from './swap-submission.ts';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(bugModalIds.callbackId, bugSubmission(deps));
  app.view(closeModalIds.callbackId, closeSubmission(deps));
  app.view(storyModalIds.callbackId, storySubmission(deps));
  app.view(swapModalIds.callbackId, swapSubmission(deps));
  app.view(settingsModalIds.callbackId, settingsSubmission(deps));
}
