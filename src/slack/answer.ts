import type { RespondFn } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { ViewsOpenResponse, WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import { openView } from './json-call.ts';

/** Whom a listener answers: by the request's response URL, when it has one (Home tab buttons and global shortcuts have none). */
export interface Answerer {
  respond?: RespondFn;
  logger: Logger;
}

/**
 * Answers the person who acted, and only them. With `replace` the answer takes the place of the message the
 * button was on (More's next page, a private confirmation). Slack has been acknowledged already, so a
 * failure to answer is logged, not thrown; without a response URL there is no one to answer this way.
 */
export async function answerPrivately({ respond, logger }: Answerer, answer: string | { text: string; blocks?: KnownBlock[] }, replace = false): Promise<void> {
  if (!respond) return;
  const message = typeof answer === 'string' ? { text: answer } : answer;
  await respond({ response_type: 'ephemeral', replace_original: replace, ...message }).catch((error: unknown) => logger.warn({ err: error }, 'could not answer privately'));
}

/** A request that may open a modal: its trigger id (fresh for 3 s) and who is told if the modal does not open. */
export interface ModalTrigger extends Answerer {
  client: WebClient;
  triggerId: string;
  userId: string;
  teamId: string | undefined;
}

/** What a person is told when Slack will not open a form: which form, and what to try again. */
export const wouldNotOpen = (form: string, retry: string) => `Sorry, Slack would not open the ${form} just now. Please try ${retry} again.`;

/**
 * Opens a modal, or, when Slack will not (an expired trigger, Slack down), tells the person `failure`
 * privately: by response URL, else by DM, so a click is never met with silence. Undefined when it failed.
 */
export async function openModal(trigger: ModalTrigger, view: ModalView, failure: string): Promise<ViewsOpenResponse | undefined> {
  const { client, logger } = trigger;
  try {
    return await openView(client, trigger.triggerId, view);
  } catch (error) {
    logger.warn({ err: error, teamId: trigger.teamId, callbackId: view.callback_id }, 'views.open failed');
    if (trigger.respond) await answerPrivately(trigger, failure);
    else await client.chat.postMessage({ channel: trigger.userId, text: failure }).catch((dmError: unknown) => logger.warn({ err: dmError }, 'could not tell by DM that a form did not open'));
    return undefined;
  }
}
