import { type Answerer, answerPrivately } from '../../answer.ts';

export const couldNotSave = "Couldn't save that just now (the database did not answer), so nothing changed. Please try again in a moment.";

/**
 * Runs what a button does after its ack. Slack is already answered by then, so if the work throws (the
 * database is down, say), the person who clicked is told privately instead of hearing nothing.
 */
export async function tellIfFailed(answerer: Answerer, context: Record<string, unknown>, work: () => Promise<void>, text = couldNotSave): Promise<void> {
  try {
    await work();
  } catch (error) {
    answerer.logger.error({ err: error, ...context }, 'an action failed after its ack');
    await answerPrivately(answerer, text);
  }
}
