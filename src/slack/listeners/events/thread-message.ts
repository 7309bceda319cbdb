import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type CommentJob, runCommentJobs, shareBatch } from '../../../comments/record-comment.ts';
import { BatchingLane } from '../../../lane.ts';
import type { ListenerDeps } from '../../deps.ts';
import { readMessageEvent } from '../../message-event.ts';

/** Replies stored in one statement at most; a burst larger than this queues for the next. */
const BATCH = 50;
/** How long a reply waits for others to share its statement: nobody waits for it, and it halves a burst's cost. */
const LINGER_MS = 20;

/**
 * A message in a channel or DM the bot is in. Only a person's reply in the thread of a tracked item is kept
 * (as a comment), its edits and its deletion followed; everything else is dropped here, before the database.
 * Events are acknowledged by Bolt before this runs, so a failure is logged, never answered. What reaches the
 * database goes through one lane (lane.ts): in arrival order, behind the people waiting for an answer, and
 * in batches when replies come faster than they are stored.
 */
export const threadMessage = ({ database, logger, wakeOutbox }: ListenerDeps) => {
  const lane = new BatchingLane({ max: BATCH, lingerMs: LINGER_MS, together: shareBatch, run: (jobs: CommentJob[]) => runCommentJobs(database.db, jobs) });
  return async ({ event, body, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team_id;
    const meaning = readMessageEvent(event, { botUserId: context.botUserId, botId: context.botId });
    if (meaning.kind === 'ignored' || !teamId) {
      const reason = meaning.kind === 'ignored' ? meaning.reason : 'no_team';
      logger[meaning.kind === 'ignored' && !meaning.malformed ? 'debug' : 'info']({ teamId, reason }, 'message event ignored');
      return;
    }
    const where = { workspaceId: teamId, channelId: meaning.channelId, ts: meaning.ts };
    if (meaning.kind !== 'deletion' && meaning.droppedFiles > 0) logger.info({ ...where, dropped: meaning.droppedFiles }, 'file objects that are not Slack files were left out of a message');
    const job: CommentJob =
      meaning.kind === 'reply'
        ? { kind: 'reply', reply: { ...where, threadTs: meaning.threadTs, authorId: meaning.authorId, text: meaning.text, files: meaning.files } }
        : meaning.kind === 'edit'
          ? { kind: 'edit', edit: { ...where, text: meaning.text, files: meaning.files, editedAt: meaning.editedAt } }
          : { kind: 'deletion', message: where };
    try {
      const result = await lane.add(job);
      if (result.kind === 'reply') {
        const { outcome } = result;
        if (outcome.kind === 'stored' && outcome.infoAdded) wakeOutbox();
        logger.debug({ ...where, outcome: outcome.kind, item: outcome.kind === 'untracked' ? undefined : outcome.item }, 'thread reply');
      } else logger.debug({ ...where, changed: result.changed }, result.kind === 'edit' ? 'message edited' : 'message deleted');
    } catch (error) {
      logger.error({ err: error, ...where }, 'keeping a thread reply failed');
    }
  };
};
