import type { WebClient } from '@slack/web-api';
import { buildBugModal } from '../blocks/bug-modal.ts';
import { plainTextOf } from '../blocks/mrkdwn.ts';
import { messageFiles } from '../bugs/file-rules.ts';
import type { Logger } from '../logger.ts';
import type { TeamChoice } from '../teams/team-choice.ts';
import { type ModalTrigger, openModal } from './answer.ts';
import type { ListenerDeps } from './deps.ts';
import { decodeModalContext, encodeModalContext } from './modal-context.ts';
import { teamChoiceFor } from './team-choice.ts';

/** How long the permalink may take before the modal opens without it (the trigger id lives 3 s). */
const PERMALINK_WAIT_MS = 1000;

/** A message someone reports as a bug (by the message shortcut or its intake emoji), as Slack gave it. */
export interface ReportedMessage {
  channelId: string;
  ts: string;
  /** Its thread's ts when it is a reply (or a thread's parent). */
  threadTs?: string;
  /** As Slack sends it: mrkdwn. */
  text: string;
  /** Slack's file objects, as the message carries them (unchecked). */
  files?: unknown;
}

/** The message's permalink, or undefined when Slack will not give it (the bug is filed without the link). */
export function lookUpPermalink(client: WebClient, logger: Logger, channelId: string, ts: string): Promise<string | undefined> {
  return client.chat
    .getPermalink({ channel: channelId, message_ts: ts })
    .then((result) => result.permalink)
    .catch((error: unknown) => {
      logger.warn({ err: error, channelId }, 'chat.getPermalink failed; filing without the link');
      return undefined;
    });
}

/**
 * Opens the bug form prefilled from a message: its first line as the summary, its text as "actual", its link,
 * and its files (those a bug may carry); the confirmation goes into the message's thread. A permalink still
 * being looked up gets `PERMALINK_WAIT_MS`: past that the form opens without it and gets it once it comes.
 */
export async function openReportForm(
  deps: Pick<ListenerDeps, 'database' | 'logger'>,
  trigger: ModalTrigger & { responseUrl?: string },
  message: ReportedMessage,
  permalink: Promise<string | undefined> | string | undefined,
  failure: string,
): Promise<void> {
  const { logger } = deps;
  const { client } = trigger;
  const teamLookup = teamChoiceFor(deps, trigger.teamId, message.channelId);
  const text = plainTextOf(message.text);
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const files = messageFiles(message.files);
  if (files.left.length > 0) logger.info({ teamId: trigger.teamId, channelId: message.channelId, left: files.left.length }, 'some of a reported message’s files are not kept with the bug');
  const modal = (link: string | undefined, team: TeamChoice | undefined) => {
    const privateMetadata = encodeModalContext({
      channelId: message.channelId,
      threadTs: message.threadTs ?? message.ts,
      sourceTs: message.ts,
      ...(trigger.responseUrl ? { responseUrl: trigger.responseUrl } : {}),
      ...(link ? { permalink: link } : {}),
      ...(files.kept.length > 0 ? { files: files.kept } : {}),
    });
    // What the form carries is what the bug keeps: a file that did not fit in the metadata is said to stay behind.
    const carried = decodeModalContext(privateMetadata)?.files ?? [];
    const behind = files.kept.filter((file) => !carried.some((kept) => kept.id === file.id)).map((file) => ({ name: file.name, reason: 'did not fit on the form' }));
    return buildBugModal({ team, prefill: { summary: firstLine, actual: text }, sourcePermalink: link, privateMetadata, messageFiles: { kept: carried, left: [...files.left, ...behind] } });
  };
  let timer: NodeJS.Timeout | undefined;
  const late = Symbol('late');
  const lookup = Promise.resolve(permalink);
  const early = await Promise.race([lookup, new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), PERMALINK_WAIT_MS)))]);
  clearTimeout(timer);
  const team = await teamLookup;
  const opened = await openModal(trigger, modal(early === late ? undefined : early, team), failure);
  if (!opened?.view?.id || early !== late) return;
  // Slack was slow with the permalink: the form is open already, and gets the link when it comes.
  const link = await lookup;
  if (!link) return;
  await client.views
    .update({ view_id: opened.view.id, hash: opened.view.hash, view: modal(link, team) })
    .catch((error: unknown) => logger.warn({ err: error, teamId: trigger.teamId }, 'adding the permalink to an open bug form failed'));
}
