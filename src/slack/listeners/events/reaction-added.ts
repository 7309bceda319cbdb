import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { buildAlreadyReported, buildReportOffer } from '../../../blocks/emoji-intake.ts';
import { bugOfMessage } from '../../../bugs/bug-files.ts';
import { isIntakeReaction } from '../../../teams/intake-emoji.ts';
import { teamOfChannel } from '../../../teams/team-store.ts';
import type { ListenerDeps } from '../../deps.ts';
import { isPersonMessage, readMessage } from '../../read-message.ts';
import { lookUpPermalink } from '../../report-form.ts';

/** What a reaction_added says, checked: a reaction on a message (files and file comments are no one's bug report). */
const reactionSchema = z.object({
  user: z.string().regex(/^[UW][A-Z0-9_]+$/),
  reaction: z.string().min(1).max(200),
  item: z.object({ type: z.literal('message'), channel: z.string().regex(/^[CGD][A-Z0-9_]+$/), ts: z.string().regex(/^\d+\.\d+$/) }),
});

/**
 * The team's intake emoji on a person's message: only the one who added it is offered (ephemerally) to report
 * the message as a bug, or told its key when it was reported already. The message is read from Slack (a
 * reaction carries no text); in a channel the bot may not read, nothing happens but a log line.
 */
export const reactionAdded =
  (deps: ListenerDeps) =>
  async ({ event, body, client, context }: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs): Promise<void> => {
    const { database, logger } = deps;
    const parsed = reactionSchema.safeParse(event);
    if (!parsed.success) {
      logger.info({ teamId: body.team_id, itemType: (event as { item?: { type?: unknown } }).item?.type }, 'reaction_added not on a message, or unreadable; ignored');
      return;
    }
    const { user, reaction, item } = parsed.data;
    const workspaceId = body.team_id;
    if (user === context.botUserId) return;
    try {
      const team = await teamOfChannel(database.db, workspaceId, item.channel);
      if (!isIntakeReaction(team.intakeEmoji, reaction)) return;
      const reported = await bugOfMessage(database.db, workspaceId, item.channel, item.ts);
      const read = reported ? undefined : await readMessage(client, item.channel, item.ts);
      if (read?.kind === 'unreadable') {
        logger.info({ teamId: workspaceId, channelId: item.channel, reason: read.reason }, 'intake emoji on a message the bot cannot read; ignored');
        return;
      }
      if (read && !isPersonMessage(read.message)) return;
      // A reply's answer goes into its thread, where the person is looking.
      const thread = reported?.threadChannelId === item.channel ? reported.threadTs : read?.message.thread_ts;
      const threadTs = thread && thread !== item.ts ? thread : undefined;
      const answer = reported ? buildAlreadyReported(reported.number) : buildReportOffer({ channel: item.channel, ts: item.ts, link: await lookUpPermalink(client, logger, item.channel, item.ts) }, team.intakeEmoji);
      await client.chat.postEphemeral({ channel: item.channel, user, ...answer, ...(threadTs ? { thread_ts: threadTs } : {}) });
    } catch (error) {
      logger.warn({ err: error, teamId: workspaceId, channelId: item.channel }, 'answering an intake emoji failed');
    }
  };
