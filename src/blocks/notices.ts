import { resolutionLabels } from '../bugs/triage.ts';
import { describeRating } from '../bugs/risk.ts';
import { bugKey } from '../items/types.ts';
import type { ItemChange } from '../outbox/messages.ts';
import { renderFlagLine } from '../flags/rollout.ts';
import { escapeMrkdwn, escapeWithin, inlineCode } from './mrkdwn.ts';
import type { SlackMessage } from './message.ts';
import { buildInfoRequest } from './triage-message.ts';

/** The item a notice is about, as the sender finds it. */
export interface NoticeItem {
  itemId: number;
  /** `BUG-12`, `STORY-4`. */
  key: string;
  /** A bug still waiting for its reporter's information: a request for it carries the Info added button. */
  waitingForInfo: boolean;
}

/** A flag line, its provider-sent parts escaped. */
export const flagLineText = (line: Parameters<typeof renderFlagLine>[0]) => renderFlagLine(line, { code: (text) => inlineCode(text), text: (text) => escapeWithin(text, 100) });

const quoted = (note: string | null) => (note ? `\n> ${escapeMrkdwn(note).replace(/\n/g, '\n> ')}` : '');

function outcomeOf(change: Extract<ItemChange, { action: 'resolved' }>): string {
  return `${resolutionLabels[change.resolution]}${change.duplicateOf === null ? '' : ` of ${bugKey(change.duplicateOf)}`}`;
}

/** What the item's thread is told about a change. */
export function threadReplyText(key: string, change: ItemChange): string {
  switch (change.action) {
    case 'rated':
      if (change.probability === null || change.impact === null) {
        const which = change.probability !== null ? `probability ${change.probability}` : `impact ${change.impact}`;
        return `<@${change.actorId}> rated ${key}: ${which}. It is triaged once it has both ratings.`;
      }
      return `Re-rated by <@${change.actorId}>: ${describeRating(change.probability, change.impact)}.`;
    case 'triaged':
      return `Triaged by <@${change.actorId}>: ${describeRating(change.probability, change.impact)}.`;
    case 'owner_set':
      return change.ownerId ? `<@${change.ownerId}> now owns ${key} (set by <@${change.actorId}>).` : `<@${change.actorId}> removed the owner of ${key}.`;
    case 'needs_info':
      // The reporter's answer in the thread sends the bug back by itself where the app reads the thread (an
      // install that approved the history scopes); Info added (on this reply or the triage message) works everywhere.
      return `<@${change.reporterId}>, <@${change.actorId}> needs more information to work on ${key}. Please answer in this thread, then press *Info added* so it goes back to triage. If it is still waiting in ${change.days} days, it will be closed as expired.`;
    case 'info_added':
      if (change.via === 'reply') return `${change.askedBy ? `<@${change.askedBy}>, ` : ''}<@${change.actorId}> answered in this thread; ${key} is back to ${change.status}.`;
      return `<@${change.actorId}> has the information needed; ${key} is back to ${change.status}.`;
    case 'started':
      return `<@${change.actorId}> started working on ${key}.`;
    case 'resolved':
      return `<@${change.actorId}> resolved ${key} as ${outcomeOf(change)}.${quoted(change.note)}`;
    case 'expired':
      return `${key} was closed as expired: it waited ${change.days} days for more information. File it again with /bug if it still happens.`;
    case 'ready':
      return `<@${change.actorId}> moved ${key} into the backlog: it is ready.`;
    case 'start':
      return `<@${change.actorId}> started ${key}.`;
    case 'done':
      return `${key} “${escapeMrkdwn(change.title)}” shipped :tada: (marked done by <@${change.actorId}>)${change.flagKey ? `. It is behind the feature flag \`${change.flagKey}\`.` : '.'}`;
    case 'wont_do':
      return `<@${change.actorId}> decided we won't do ${key}.`;
    case 'back_to_idea':
      return `<@${change.actorId}> sent ${key} back to refinement (idea).`;
    case 'flag_changed':
      return `${flagLineText(change.line)}.`;
    case 'shipped_by_flag':
      return `${key} “${escapeMrkdwn(change.title)}” shipped :tada: ${flagLineText(change.line)}, so it is done.`;
    case 'moved':
      return `<@${change.actorId}> moved ${key} to the team ${escapeMrkdwn(change.teamName)}.${change.arrivedAsIdea ? " That team's backlog is full, so it arrives there as an idea." : ''}`;
  }
}

/** What someone told directly (outbox/notices.ts says who) reads; the thread's text where it says enough. */
export function directNoticeText(key: string, change: ItemChange): string {
  switch (change.action) {
    case 'resolved':
      return `Your bug ${key} “${escapeMrkdwn(change.summary)}” was resolved as ${outcomeOf(change)} by <@${change.actorId}>.${quoted(change.note)}`;
    case 'expired':
      return `Your bug ${key} “${escapeMrkdwn(change.summary)}” was closed as expired: it waited ${change.days} days for more information.`;
    default:
      return threadReplyText(key, change);
  }
}

/**
 * A reply meant for the item's thread. Sent to the reporter by DM instead (`privately`), it names the
 * item first, since nothing around it does. A request for information carries the Info added button
 * while the bug still waits.
 */
export function buildThreadReply(item: NoticeItem, reply: { text: string; asksForInfo: boolean }, privately: boolean): SlackMessage | { text: string } {
  const text = privately ? `*${item.key}*: ${reply.text}` : reply.text;
  return reply.asksForInfo && item.waitingForInfo ? buildInfoRequest(item.itemId, text) : { text };
}
