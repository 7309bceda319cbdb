import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseJsonAs } from '../../parse-json.ts';
import { z } from 'zod';
import { swapIntoBacklog } from '../../../stories/lifecycle.ts';
import type { ListenerDeps } from '../../deps.ts';
import { swapModalIds } from '../../../blocks/ids.ts';
import { workspaceOf } from '../../payload-origin.ts';

const metadataSchema = z.object({ storyId: z.number().int().positive() });

/** One in, one out: the chosen ready story leaves and the new one becomes ready, in one transaction. */
export const swapSubmission =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = workspaceOf(body);
    const outgoingError = (message: string) => ack({ response_action: 'errors', errors: { [swapModalIds.outgoing.blockId]: message } });
    const metadata = parseJsonAs(metadataSchema, view.private_metadata);
    const values = view.state.values;
    const outgoingId = Number(values[swapModalIds.outgoing.blockId]?.[swapModalIds.outgoing.actionId]?.selected_option?.value);
    const destination = values[swapModalIds.destination.blockId]?.[swapModalIds.destination.actionId]?.selected_option?.value;
    if (!teamId || !metadata) return void (await outgoingError('This form has expired. Press Ready on the story again.'));
    if (!Number.isInteger(outgoingId) || outgoingId <= 0) return void (await outgoingError('Choose the story that leaves the backlog.'));
    if (destination !== 'idea' && destination !== 'wont_do') {
      await ack({ response_action: 'errors', errors: { [swapModalIds.destination.blockId]: "Choose Back to idea or Won't do." } });
      return;
    }
    try {
      const result = await swapIntoBacklog(database.db, teamId, body.user.id, { incomingId: metadata.storyId, outgoingId, outgoingTo: destination });
      if (!result.ok) {
        await outgoingError(result.error === 'refused' ? result.message : 'That story is not in this workspace.');
        return;
      }
    } catch (error) {
      logger.error({ err: error, teamId }, 'backlog swap failed');
      await outgoingError("Couldn't save this just now. Nothing changed: press Swap again in a moment.");
      return;
    }
    await ack();
    wakeOutbox();
  };
