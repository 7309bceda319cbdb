import type { AllMiddlewareArgs, GlobalShortcut, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { buildStoryModal } from '../../../blocks/story-modal.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';

/** "Report as bug" on a message: the modal prefilled from it; the confirmation goes into its thread. */
export const reportMessageAsBug =
  ({ logger }: ListenerDeps) =>
  async ({ ack, shortcut, client }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { channel, message } = shortcut;
    const text = message.text ?? '';
    const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
    const permalink = await client.chat
      .getPermalink({ channel: channel.id, message_ts: message.ts })
      .then((result) => result.permalink)
      .catch((error: unknown) => {
        logger.warn({ err: error, channelId: channel.id }, 'chat.getPermalink failed; filing without the link');
        return undefined;
      });
    const privateMetadata = encodeModalContext({
      channelId: channel.id,
      threadTs: message.thread_ts ?? message.ts,
      responseUrl: shortcut.response_url,
      ...(permalink ? { permalink } : {}),
    });
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: buildBugModal({ prefill: { summary: firstLine, actual: text }, sourcePermalink: permalink, privateMetadata }),
    });
  };

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
