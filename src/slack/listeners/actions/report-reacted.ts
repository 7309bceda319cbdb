import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { buildAlreadyReported, reportTargetGoneText } from '../../../blocks/emoji-intake.ts';
import { bugOfMessage } from '../../../bugs/bug-files.ts';
import { answerPrivately, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { parseJsonAs } from '../../parse-json.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { isPersonMessage, readMessage } from '../../read-message.ts';
import { lookUpPermalink, openReportForm } from '../../report-form.ts';
import { shortcuts } from '../../surfaces.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const targetSchema = z.object({
  channel: z.string().regex(/^[CGD][A-Z0-9_]+$/),
  ts: z.string().regex(/^\d+\.\d+$/),
  link: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Report as bug, pressed on the offer an intake emoji brought: the bug form, filled in from the message exactly as
 * the message shortcut fills it (read again now: it may have been edited), or its key if someone reported it meanwhile.
 */
export const reportReactedPressed =
  (deps: ListenerDeps) =>
  async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    const { database, logger } = deps;
    await ack();
    const target = parseJsonAs(targetSchema, action.value);
    const teamId = workspaceOf(body);
    if (!target || !teamId) return void (await answerPrivately({ respond, logger }, 'That button has expired. Add the emoji to the message again.'));
    await tellIfFailed({ respond, logger }, { teamId, channelId: target.channel }, async () => {
      const [reported, read] = await Promise.all([bugOfMessage(database.db, teamId, target.channel, target.ts), readMessage(client, target.channel, target.ts)]);
      if (reported) return void (await answerPrivately({ respond, logger }, buildAlreadyReported(reported.number), true));
      if (read.kind !== 'found' || !isPersonMessage(read.message)) return void (await answerPrivately({ respond, logger }, reportTargetGoneText, true));
      const { message } = read;
      const trigger = { client, respond, logger, triggerId: body.trigger_id, userId: body.user.id, teamId, responseUrl: body.response_url };
      const reportedMessage = { channelId: target.channel, ts: target.ts, threadTs: message.thread_ts, text: message.text ?? '', files: message.files };
      await openReportForm(deps, trigger, reportedMessage, target.link ?? lookUpPermalink(client, logger, target.channel, target.ts), wouldNotOpen('bug form', `"${shortcuts.reportAsBug.name}"`));
    });
  };
