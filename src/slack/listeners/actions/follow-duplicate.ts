import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { bugKey } from '../../../bugs/bug-input.ts';
import { findBug } from '../../../bugs/find-bug.ts';
import { resolveBug } from '../../../bugs/triage.ts';
import type { ListenerDeps } from '../../deps.ts';

/** "Follow this instead" on a filing confirmation: the new bug is closed as a duplicate of the chosen one. */
export const followDuplicatePressed =
  ({ database, logger, outbox }: ListenerDeps) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    const [newId, originalId] = (action.value ?? '').split(':').map(Number);
    const original = teamId && originalId ? await findBug(database.db, teamId, originalId) : undefined;
    const result =
      teamId && newId && original
        ? await resolveBug(database.db, { workspaceId: teamId, bugId: newId }, body.user.id, { resolution: 'duplicate', duplicateOf: bugKey(original.number), note: null })
        : undefined;
    if (result?.ok) {
      outbox.wake();
      await respond({ response_type: 'ephemeral', replace_original: false, text: `Thanks: you are following ${bugKey(original!.number)} instead; this report was closed as its duplicate.` }).catch(() => undefined);
      return;
    }
    logger.info({ teamId, value: action.value, refusal: result && !result.ok ? result.error : 'not_found' }, 'follow duplicate refused');
    const text = result && !result.ok && result.error === 'refused' ? result.message : 'That bug is not in this workspace.';
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  };
