import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { editComment, recordReply, removeComment } from '../../../comments/record-comment.ts';
import type { ListenerDeps } from '../../deps.ts';
import { readMessageEvent } from '../../message-event.ts';

/**
 * A message in a channel or DM the bot is in. Only a person's reply in the thread of a tracked item is kept
 * (as a comment), its edits and its deletion followed; everything else is dropped here, before the database.
 * Events are acknowledged by Bolt before this runs, so a failure is logged, never answered.
 */
export const threadMessage =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ event, body, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team_id;
    const meaning = readMessageEvent(event, { botUserId: context.botUserId, botId: context.botId });
    if (meaning.kind === 'ignored' || !teamId) {
      const reason = meaning.kind === 'ignored' ? meaning.reason : 'no_team';
      logger[meaning.kind === 'ignored' && !meaning.malformed ? 'debug' : 'info']({ teamId, reason }, 'message event ignored');
      return;
    }
    const where = { workspaceId: teamId, channelId: meaning.channelId, ts: meaning.ts };
    if (meaning.kind !== 'deletion' && meaning.droppedFiles > 0) logger.info({ ...where, dropped: meaning.droppedFiles }, 'file objects that are not Slack files were left out of a message');
    try {
      if (meaning.kind === 'reply') {
        const outcome = await recordReply(database.db, { ...where, threadTs: meaning.threadTs, authorId: meaning.authorId, text: meaning.text, files: meaning.files });
        if (outcome.kind === 'stored' && outcome.infoAdded) wakeOutbox();
        logger.debug({ ...where, outcome: outcome.kind, item: outcome.kind === 'untracked' ? undefined : outcome.item }, 'thread reply');
      } else if (meaning.kind === 'edit') {
        logger.debug({ ...where, edited: await editComment(database.db, { ...where, text: meaning.text, files: meaning.files, editedAt: meaning.editedAt }) }, 'message edited');
      } else {
        logger.debug({ ...where, removed: await removeComment(database.db, where) }, 'message deleted');
      }
    } catch (error) {
      logger.error({ err: error, ...where }, 'keeping a thread reply failed');
    }
  };
