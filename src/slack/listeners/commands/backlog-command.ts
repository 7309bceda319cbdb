import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerBacklog } from '../../../backlog/answer-backlog.ts';
import { parseBacklogCommand } from '../../../backlog/parse-command.ts';
import type { ListenerDeps } from '../../deps.ts';

/** `/backlog …`: acknowledged at once, answered privately to the person who asked. */
export const backlogCommand =
  ({ database, logger, clock }: ListenerDeps) =>
  async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = parseBacklogCommand(command.text);
    try {
      const answer = await answerBacklog(parsed, { db: database.db, workspaceId: command.team_id, userId: command.user_id, now: clock(), commandText: command.text, offset: 0 });
      await respond({ response_type: 'ephemeral', ...answer });
    } catch (error) {
      logger.error({ err: error, teamId: command.team_id, subcommand: parsed.kind }, '/backlog failed');
      await respond({ response_type: 'ephemeral', text: 'Sorry, something went wrong reading the backlog. Please try again in a moment.' }).catch(() => undefined);
    }
  };
