import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';

/** "Report a bug" from anywhere: no channel, so the reporter is confirmed by DM. */
export const reportBugShortcut =
  (_deps: ListenerDeps) =>
  async ({ ack, shortcut, client }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: buildBugModal({ privateMetadata: encodeModalContext({}) }) });
  };

/** "Write a story" from anywhere: no channel, so the story message goes to its author by DM. */
export const writeStoryShortcut =
  (_deps: ListenerDeps) =>
  async ({ ack, shortcut, client }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: buildStoryModal({ privateMetadata: encodeModalContext({}) }) });
  };
