import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { plainTextOf } from '../../mrkdwn.ts';

/** How long the permalink may take before the modal opens without it (the trigger id lives 3 s). */
const PERMALINK_WAIT_MS = 1000;

/** "Report as bug" on a message: the modal prefilled from it; the confirmation goes into its thread. */
export const reportMessageAsBug =
  ({ logger }: ListenerDeps) =>
  async ({ ack, shortcut, client, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { channel, message } = shortcut;
    const text = plainTextOf(message.text ?? '');
    const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
    const modal = (permalink: string | undefined) =>
      buildBugModal({
        prefill: { summary: firstLine, actual: text },
        sourcePermalink: permalink,
        privateMetadata: encodeModalContext({
          channelId: channel.id,
          threadTs: message.thread_ts ?? message.ts,
          responseUrl: shortcut.response_url,
          ...(permalink ? { permalink } : {}),
        }),
      });
    const lookup = client.chat
      .getPermalink({ channel: channel.id, message_ts: message.ts })
      .then((result) => result.permalink)
      .catch((error: unknown) => {
        logger.warn({ err: error, channelId: channel.id }, 'chat.getPermalink failed; filing without the link');
        return undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const early = await Promise.race([lookup, new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), PERMALINK_WAIT_MS)))]);
    clearTimeout(timer);
    try {
      const opened = await client.views.open({ trigger_id: shortcut.trigger_id, view: modal(early === late ? undefined : early) });
      if (early !== late) return;
      // Slack was slow with the permalink: the form is open already, and gets the link when it comes.
      const permalink = await lookup;
      if (permalink && opened.view?.id) await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: modal(permalink) });
    } catch (error) {
      logger.warn({ err: error, teamId: shortcut.team?.id }, 'opening the bug form from a message failed');
      await respond({ response_type: 'ephemeral', text: 'Sorry, Slack would not open the bug form just now. Please try "Report as bug" again.' }).catch(() => undefined);
    }
  };
