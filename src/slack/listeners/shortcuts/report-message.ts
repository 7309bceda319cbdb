import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { buildBugModal } from '../../../blocks/bug-modal.ts';
import { openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { encodeModalContext } from '../../modal-context.ts';
import { plainTextOf } from '../../../blocks/mrkdwn.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { shortcuts } from '../../surfaces.ts';
import { teamChoiceFor } from '../../team-choice.ts';
import type { TeamChoice } from '../../../teams/team-choice.ts';

/** How long the permalink may take before the modal opens without it (the trigger id lives 3 s). */
const PERMALINK_WAIT_MS = 1000;

/** "Report as bug" on a message: the modal prefilled from it; the confirmation goes into its thread. */
export const reportMessageAsBug =
  (deps: ListenerDeps) =>
  async ({ ack, shortcut, client, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    const { logger } = deps;
    await ack();
    const { channel, message } = shortcut;
    // Read while the permalink is asked for: both before the form opens.
    const teamLookup = teamChoiceFor(deps, workspaceOf(shortcut), channel.id);
    const text = plainTextOf(message.text ?? '');
    const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
    const modal = (permalink: string | undefined, team: TeamChoice | undefined) =>
      buildBugModal({
        team,
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
    const team = await teamLookup;
    const trigger = { client, respond, logger, triggerId: shortcut.trigger_id, userId: shortcut.user.id, teamId: workspaceOf(shortcut) };
    const opened = await openModal(trigger, modal(early === late ? undefined : early, team), wouldNotOpen('bug form', `"${shortcuts.reportAsBug.name}"`));
    if (!opened?.view?.id || early !== late) return;
    // Slack was slow with the permalink: the form is open already, and gets the link when it comes.
    const permalink = await lookup;
    if (!permalink) return;
    await client.views
      .update({ view_id: opened.view.id, hash: opened.view.hash, view: modal(permalink, team) })
      .catch((error: unknown) => logger.warn({ err: error, teamId: trigger.teamId }, 'adding the permalink to an open bug form failed'));
  };
