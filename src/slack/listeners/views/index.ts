import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { bugModalIds } from '../../ids.ts';
import { bugSubmission } from './bug-submission.ts';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(bugModalIds.callbackId, bugSubmission(deps));
}
