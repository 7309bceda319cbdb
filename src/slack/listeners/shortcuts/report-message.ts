import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { lookUpPermalink, openReportForm } from '../../report-form.ts';
import { shortcuts } from '../../surfaces.ts';

/** "Report as bug" on a message: the modal prefilled from it (text, link, files); the confirmation goes into its thread. */
export const reportMessageAsBug =
  (deps: ListenerDeps) =>
  async ({ ack, shortcut, client, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { channel, message } = shortcut;
    const trigger = { client, respond, logger: deps.logger, triggerId: shortcut.trigger_id, userId: shortcut.user.id, teamId: workspaceOf(shortcut), responseUrl: shortcut.response_url };
    const reported = { channelId: channel.id, ts: message.ts, threadTs: message.thread_ts, text: message.text ?? '', files: message.files };
    await openReportForm(deps, trigger, reported, lookUpPermalink(client, deps.logger, channel.id, message.ts), wouldNotOpen('bug form', `"${shortcuts.reportAsBug.name}"`));
  };
