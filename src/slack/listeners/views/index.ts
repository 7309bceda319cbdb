import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { bugModalIds, closeModalIds, flagIds, settingsModalIds, storyModalIds, swapModalIds, teamModalIds } from '../../../blocks/ids.ts';
import { route } from '../router.ts';
import { bugSubmission } from './bug-submission.ts';
import { closeSubmission } from './close-submission.ts';
import { flagRotateSubmission, flagSetupSubmission } from './flag-setup-submission.ts';
import { settingsSubmission } from './settings-submission.ts';
import { storySubmission } from './story-submission.ts';
import { swapSubmission } from './swap-submission.ts';
import { teamSubmission } from './team-submission.ts';

export function registerViews(app: App, deps: ListenerDeps): void {
  const handlers = {
    [bugModalIds.callbackId]: bugSubmission(deps),
    [closeModalIds.callbackId]: closeSubmission(deps),
    [storyModalIds.callbackId]: storySubmission(deps),
    [swapModalIds.callbackId]: swapSubmission(deps),
    [settingsModalIds.callbackId]: settingsSubmission(deps),
    [teamModalIds.callbackId]: teamSubmission(deps),
    [flagIds.setupCallbackId]: flagSetupSubmission(deps),
    [flagIds.rotateCallbackId]: flagRotateSubmission(deps),
  };
  type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
  app.view<ViewSubmitAction>({ type: 'view_submission' }, route<Args>('view', handlers, ({ view }) => view.callback_id, deps.logger));
}
