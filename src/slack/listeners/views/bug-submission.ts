import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { bugKey } from '../../../items/types.ts';
import { bugModalErrors } from '../../../blocks/bug-modal.ts';
import { parseBugInput } from '../../../bugs/bug-input.ts';
import { fileBug } from '../../../bugs/file-bug.ts';
import type { ListenerDeps } from '../../deps.ts';
import { bugModalIds } from '../../../blocks/ids.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { decodeModalContext } from '../../modal-context.ts';
import { readTextInputs } from '../../view-state.ts';

const summaryError = (message: string) => ({ response_action: 'errors' as const, errors: { [bugModalIds.fields.summary.blockId]: message } });

/**
 * Validates every field, saves (with the confirmation queued in the same transaction), and only then
 * acknowledges: a failed save keeps the modal open with everything the person typed.
 */
export const bugSubmission =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = workspaceOf(body);
    const context = decodeModalContext(view.private_metadata);
    if (!teamId || !context) {
      logger.warn({ viewId: view.id }, 'bug submission without a workspace or with unreadable metadata');
      await ack(summaryError('This form has expired. Please close it and report the bug again.'));
      return;
    }
    const input = parseBugInput(readTextInputs(view.state.values, bugModalIds.fields));
    if (!input.ok) {
      await ack({ response_action: 'errors', errors: bugModalErrors(input.errors) });
      return;
    }
    try {
      const { bug, created } = await fileBug(database.db, {
        workspaceId: teamId,
        enterpriseId: enterpriseOf(body),
        reporterId: body.user.id,
        channelId: context.channelId,
        threadTs: context.threadTs,
        responseUrl: context.responseUrl,
        viewId: view.id,
        sourcePermalink: context.permalink ?? null,
        fields: input.value,
      });
      logger.info({ teamId, key: bugKey(bug.number), repeated: !created }, created ? 'bug filed' : 'repeated submission of a filed bug');
    } catch (error) {
      logger.error({ err: error, teamId, viewId: view.id }, 'saving a bug failed');
      await ack(summaryError("Couldn't save this bug just now — the database did not answer. Nothing you typed is lost: press File bug again in a moment."));
      return;
    }
    await ack();
    wakeOutbox();
  };
