import type { AllMiddlewareArgs, App, SlackShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { shortcutIds } from '../../ids.ts';
import { route } from '../router.ts';
import { reportBugShortcut, writeStoryShortcut } from './open-forms.ts';
import { reportMessageAsBug } from './report-message.ts';

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  // Keyed by type too: a global shortcut must not reach a message shortcut's handler, or the reverse.
  const handlers = {
    [`message_action:${shortcutIds.reportAsBug}`]: reportMessageAsBug(deps),
    [`shortcut:${shortcutIds.reportBug}`]: reportBugShortcut(deps),
    [`shortcut:${shortcutIds.writeStory}`]: writeStoryShortcut(deps),
  };
  type Args = SlackShortcutMiddlewareArgs<SlackShortcut> & AllMiddlewareArgs;
  app.shortcut<SlackShortcut>(/.*/, route<Args>('shortcut', handlers, ({ shortcut }) => `${shortcut.type}:${shortcut.callback_id}`, deps.logger));
}
