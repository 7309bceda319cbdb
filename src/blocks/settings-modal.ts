import type { KnownBlock, ModalView } from '@slack/types';
import type { Team } from '../db/schema.ts';
import type { SettingsAdmin } from '../settings/permissions.ts';
import { settingsModalIds } from './ids.ts';

const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const { fields } = settingsModalIds;

type Current = Pick<Team, 'digestChannelId' | 'digestWeekday' | 'digestTime' | 'timeZone' | 'skipQuietWeeks' | 'triageChannelId' | 'backlogCap' | 'staleAfterDays' | 'needsInfoDays' | 'intakeEmoji'>;

const label = (text: string) => ({ type: 'plain_text' as const, text });
const quietOption = { text: label('Skip weeks with no change'), value: 'skip' };

function numberBlock(field: 'backlogCap' | 'staleAfterDays' | 'needsInfoDays', text: string, value: number, min: number, max: number, hint: string): KnownBlock {
  return {
    type: 'input',
    block_id: fields[field].blockId,
    label: label(text),
    hint: label(hint),
    element: { type: 'number_input', action_id: fields[field].actionId, is_decimal_allowed: false, initial_value: String(value), min_value: String(min), max_value: String(max) },
  };
}

/** Which team a settings modal saves into, carried in its `private_metadata`. */
export const settingsTarget = (teamId: number) => JSON.stringify({ teamId });

/**
 * `/backlog settings`: the digest's channel and time, the triage channel, and the grooming numbers of one
 * team. `teamName`: given when the workspace has several teams, so the modal says whose settings these are.
 */
export function buildSettingsModal(current: Current & { teamId: number }, defaultTimeZone: string, teamName?: string): ModalView {
  const whose: KnownBlock[] = teamName
    ? [{ type: 'context', block_id: 'settings_team_block', elements: [{ type: 'plain_text', text: `Settings of the team ${teamName}. Other teams: /backlog teams.` }] }]
    : [];
  return {
    type: 'modal',
    callback_id: settingsModalIds.callbackId,
    private_metadata: settingsTarget(current.teamId),
    title: label('Shortlist settings'),
    submit: label('Save'),
    close: label('Cancel'),
    blocks: [...whose, ...settingsBlocks(current, defaultTimeZone)],
  };
}

/** What the settings modal calls the digest's day, time and quiet weeks; the team modal words them its own way. */
export interface SettingsLabels {
  weekday: string;
  time: string;
  quietWeeks: string;
}

const settingsLabels: SettingsLabels = { weekday: 'Digest day', time: 'Digest time', quietWeeks: 'Quiet weeks' };

/** The settings' inputs, shared by the settings modal and the team modal. */
export function settingsBlocks(current: Current, defaultTimeZone: string, labels: SettingsLabels = settingsLabels): KnownBlock[] {
  const weekdays = days.map((day, i) => ({ text: label(day), value: String(i + 1) }));
  return [
      {
        type: 'input',
        block_id: fields.digestChannelId.blockId,
        optional: true,
        label: label('Digest channel'),
        hint: label('Where the weekly digest goes. Invite Shortlist there. Empty: no digest.'),
        element: {
          type: 'conversations_select',
          action_id: fields.digestChannelId.actionId,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(current.digestChannelId ? { initial_conversation: current.digestChannelId } : {}),
        },
      },
      {
        type: 'input',
        block_id: fields.digestWeekday.blockId,
        label: label(labels.weekday),
        element: { type: 'static_select', action_id: fields.digestWeekday.actionId, options: weekdays, initial_option: weekdays[current.digestWeekday - 1] },
      },
      { type: 'input', block_id: fields.digestTime.blockId, label: label(labels.time), element: { type: 'timepicker', action_id: fields.digestTime.actionId, initial_time: current.digestTime } },
      {
        type: 'input',
        block_id: fields.timeZone.blockId,
        label: label('Time zone'),
        hint: label('An IANA zone, like Europe/Rome. The digest follows its daylight saving time.'),
        element: { type: 'plain_text_input', action_id: fields.timeZone.actionId, max_length: 64, initial_value: current.timeZone ?? defaultTimeZone },
      },
      {
        type: 'input',
        block_id: fields.skipQuietWeeks.blockId,
        optional: true,
        label: label(labels.quietWeeks),
        element: { type: 'checkboxes', action_id: fields.skipQuietWeeks.actionId, options: [quietOption], ...(current.skipQuietWeeks ? { initial_options: [quietOption] } : {}) },
      },
      {
        type: 'input',
        block_id: fields.triageChannelId.blockId,
        optional: true,
        label: label('Triage channel'),
        hint: label('Where new bugs are posted for triage. Empty: the channel each bug is filed in.'),
        element: {
          type: 'conversations_select',
          action_id: fields.triageChannelId.actionId,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(current.triageChannelId ? { initial_conversation: current.triageChannelId } : {}),
        },
      },
      numberBlock('backlogCap', 'Backlog cap', current.backlogCap, 1, 100, 'The most stories that may be ready at once.'),
      numberBlock('staleAfterDays', 'Stale after (days)', current.staleAfterDays, 1, 365, 'Open items untouched this long are shown for pruning.'),
      numberBlock('needsInfoDays', 'Needs info expires after (days)', current.needsInfoDays, 1, 90, 'Bugs waiting this long for information are closed as expired.'),
      {
        type: 'input',
        block_id: fields.intakeEmoji.blockId,
        label: label('Intake emoji'),
        hint: label('Whoever adds this reaction to a message is offered to report it as a bug. An emoji name, like bug.'),
        element: { type: 'plain_text_input', action_id: fields.intakeEmoji.actionId, max_length: 102, initial_value: current.intakeEmoji },
      },
  ];
}

/**
 * Whom to ask, in words. `mention` (ephemeral messages: mrkdwn) names them as `<@U…>`; `name` (modal field
 * errors: plain text, where a mention shows raw) by their Slack names.
 */
export function askAnAdmin(ask: SettingsAdmin[], style: 'mention' | 'name'): string {
  const who = ask.length > 0 ? ` Ask ${ask.map((person) => (style === 'mention' ? `<@${person.id}>` : person.name)).join(', ')}.` : ' Ask a workspace admin.';
  return `Only workspace admins and owners, or whoever installed Shortlist, can change its settings.${who}`;
}
