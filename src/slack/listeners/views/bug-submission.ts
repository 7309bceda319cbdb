import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { buildBugConfirmation } from '../../../blocks/bug-message.ts';
import { bugModalErrors } from '../../../blocks/bug-modal.ts';
import { bugKey, parseBugInput } from '../../../bugs/bug-input.ts';
import { fileBug, setBugThread } from '../../../bugs/file-bug.ts';
import type { ListenerDeps } from '../../deps.ts';
import { bugModalIds } from '../../ids.ts';
import { decodeModalContext } from '../../modal-context.ts';
import { postWithFallback } from '../../post-confirmation.ts';
import { readTextInputs } from '../../view-state.ts';

const saveFailedMessage =
  "Couldn't save this bug just now — the database did not answer. Nothing you typed is lost: press File bug again in a moment.";

/** Validates every field, saves, and only then acknowledges: a failed save keeps the modal open. */
export const bugSubmission =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id;
    const context = decodeModalContext(view.private_metadata);
    if (!teamId || !context) {
      logger.warn({ viewId: view.id }, 'bug submission without a workspace or with unreadable metadata');
      await ack({ response_action: 'errors', errors: { [bugModalIds.fields.summary.blockId]: 'This form has expired. Please close it and run /bug again.' } });
      return;
    }
    const input = parseBugInput(readTextInputs(view.state.values, bugModalIds.fields));
    if (!input.ok) {
      await ack({ response_action: 'errors', errors: bugModalErrors(input.errors) });
      return;
    }
    let filed;
    try {
      filed = await fileBug(database.db, {
        workspaceId: teamId,
        enterpriseId: body.enterprise?.id ?? null,
        reporterId: body.user.id,
        channelId: context.channelId,
        viewId: view.id,
        sourcePermalink: context.permalink ?? null,
        fields: input.value,
      });
    } catch (error) {
      logger.error({ err: error, teamId, viewId: view.id }, 'saving a bug failed');
      await ack({ response_action: 'errors', errors: { [bugModalIds.fields.summary.blockId]: saveFailedMessage } });
      return;
    }
    await ack();
    const { bug, created } = filed;
    if (!created) {
      logger.info({ teamId, key: bugKey(bug.number), viewId: view.id }, 'repeated submission of a filed bug');
      return;
    }
    logger.info({ teamId, key: bugKey(bug.number) }, 'bug filed');
    try {
      const posted = await postWithFallback(client, logger, { context, userId: body.user.id }, buildBugConfirmation(bug));
      if (posted.kind !== 'ephemeral') await setBugThread(database.db, bug.id, posted.channelId, posted.ts);
    } catch (error) {
      logger.error({ err: error, teamId, key: bugKey(bug.number) }, 'bug saved but its confirmation could not be posted');
    }
  };
