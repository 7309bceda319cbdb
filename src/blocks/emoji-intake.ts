import { bugKey } from '../items/types.ts';
import { shortcuts } from '../slack/surfaces.ts';
import { emojiIntakeIds } from './ids.ts';
import type { SlackMessage } from './message.ts';

/** The message a Report as bug button (on the offer) names: its channel and ts, its thread, and its link when known. */
export interface ReportTarget {
  channel: string;
  ts: string;
  link?: string;
}

/** Slack's limit on a button's value. */
const VALUE_MAX = 2000;

/** The button's value: the target as JSON, without the link when that would not fit (it is looked up again then). */
export function reportTargetValue(target: ReportTarget): string {
  const value = JSON.stringify(target);
  return value.length <= VALUE_MAX ? value : JSON.stringify({ channel: target.channel, ts: target.ts });
}

/** Only the person who added the intake emoji sees this: an offer to report the message as a bug. */
export function buildReportOffer(target: ReportTarget, emoji: string): SlackMessage {
  const text = `You added :${emoji}: to this message. Report it as a bug? The form opens filled in from it.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        block_id: emojiIntakeIds.offerBlock,
        text: { type: 'mrkdwn', text },
        accessory: { type: 'button', action_id: emojiIntakeIds.reportAction, style: 'primary', text: { type: 'plain_text', text: shortcuts.reportAsBug.name }, value: reportTargetValue(target) },
      },
    ],
  };
}

/** The answer to an intake emoji (or the offer's button) on a message that was reported already: its key, not a second bug. */
export function buildAlreadyReported(number: number): SlackMessage {
  const key = bugKey(number);
  const text = `This message is already reported as *${key}*: follow it in its thread, or see it with \`/backlog show ${key}\`.`;
  return { text, blocks: [{ type: 'section', block_id: emojiIntakeIds.offerBlock, text: { type: 'mrkdwn', text } }] };
}

/** The offer's button pressed on a message the bot can no longer read (deleted, or the bot was removed from the channel). */
export const reportTargetGoneText = "I can't read that message any more (it may have been deleted), so I can't fill in a bug form from it. Use /bug instead.";
