import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../../logger.ts';

export const couldNotSave = "Couldn't save that just now (the database did not answer), so nothing changed. Please try again in a moment.";

/**
 * Runs what a button does after its ack. Slack is already answered by then, so if the work throws (the
 * database is down, say), the person who clicked is told privately instead of hearing nothing.
 */
export async function tellIfFailed(
  { respond, logger }: { respond: RespondFn; logger: Logger },
  context: Record<string, unknown>,
  work: () => Promise<void>,
  text = couldNotSave,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error({ err: error, ...context }, 'an action failed after its ack');
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((failure: unknown) => logger.warn({ err: failure }, 'could not tell that an action failed'));
  }
}
