import type { App, GlobalShortcut, MessageShortcut } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.ts';
import { shortcutIds } from '../../ids.ts';
import { reportBugShortcut, writeStoryShortcut } from './open-forms.ts';
import { reportMessageAsBug } from './report-message.ts';

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: shortcutIds.reportAsBug, type: 'message_action' }, reportMessageAsBug(deps));
  app.shortcut<GlobalShortcut>({ callback_id: shortcutIds.reportBug, type: 'shortcut' }, reportBugShortcut(deps));
  app.shortcut<GlobalShortcut>({ callback_id: shortcutIds.writeStory, type: 'shortcut' }, writeStoryShortcut(deps));
}
