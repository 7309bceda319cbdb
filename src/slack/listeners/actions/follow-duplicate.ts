import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { bugKey } from '../../../items/types.ts';
import { z } from 'zod';

import { notReporterText } from '../../../blocks/bug-message.ts';
import { findBug } from '../../../bugs/find-bug.ts';
import { followDuplicate } from '../../../bugs/follow-duplicate.ts';
import { answerPrivately } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { tellIfFailed } from './tell-if-failed.ts';

const valueSchema = z.string().regex(/^\d{1,15}:\d{1,15}$/).transform((value) => value.split(':').map(Number) as [number, number]);
/** The confirmation the button sits on; an ephemeral one (sent by response URL) cannot be updated with chat.update. */
const containerSchema = z.object({ channel_id: z.string().regex(/^[A-Z0-9_]+$/), message_ts: z.string().regex(/^\d+\.\d+$/), is_ephemeral: z.boolean().optional() });

const notHere = 'That bug is not in this workspace.';

/** "Follow this instead" on a filing confirmation: the reporter closes their new bug as a duplicate of the chosen one. */
export const followDuplicatePressed =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const tell = (text: string, replaceOriginal = false) => answerPrivately({ respond, logger }, text, replaceOriginal);
    const teamId = workspaceOf(body);
    const ids = valueSchema.safeParse(action.value);
    if (!teamId || !ids.success) return void (await tell(notHere));
    const [bugId, originalId] = ids.data;
    const container = containerSchema.safeParse(body.container);
    const ephemeral = !container.success || container.data.is_ephemeral === true;
    const confirmation = container.success && !ephemeral ? { channelId: container.data.channel_id, ts: container.data.message_ts } : undefined;
    await tellIfFailed({ respond, logger }, { teamId, value: action.value }, async () => {
      const result = await followDuplicate(database.db, { workspaceId: teamId, bugId }, body.user.id, originalId, confirmation);
      if (!result.ok) {
        logger.info({ teamId, value: action.value, refusal: result.error }, 'follow duplicate refused');
        return void (await tell(result.error === 'not_reporter' ? notReporterText(result.reporterId, result.bugNumber) : result.error === 'refused' ? result.message : notHere));
      }
      wakeOutbox();
      const original = await findBug(database.db, teamId, originalId);
      // A private confirmation has no message to update: this answer takes its place, buttons and all.
      await tell(`Thanks: you are following ${original ? bugKey(original.number) : 'that bug'} instead; ${bugKey(result.bug.number)} was closed as its duplicate.`, ephemeral);
    });
  };
