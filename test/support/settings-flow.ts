import type { Harness } from './harness.ts';
import { type Actor, sendInteraction, sendSlashCommand, viewSubmission } from '../../src/sandbox/deliver.ts';

export interface SettingsValues {
  channel?: string;
  triageChannel?: string;
  weekday?: string;
  time?: string;
  tz?: string;
  cap?: string;
  /** The intake emoji as typed; left out, the field is not sent (as from a form opened before it existed). */
  emoji?: string;
}

/** Runs `/backlog settings`: the views.open call when the modal opened, else the answer on the response URL. */
export async function openSettings(h: Harness, actor: Actor) {
  const triggerId = `settings-${Date.now()}-${Math.random()}`;
  const responseUrl = h.emulator.responseUrl();
  await sendSlashCommand(h.appUrl, { ...actor, command: '/backlog', text: 'settings', triggerId, responseUrl });
  return h.emulator.waitFor((calls) => calls.find((c) => (c.method === 'views.open' && c.params.trigger_id === triggerId) || (c.method === 'response_url' && c.params.url === responseUrl)));
}

/** Submits the settings modal with `values` (as Slack sends its selects and inputs); returns the app's answer body, if any. */
export async function submitSettings(h: Harness, view: any, actor: Actor, values: SettingsValues): Promise<string | undefined> {
  const payload = viewSubmission({ ...view, id: `VSET${Date.now()}${Math.random().toString(36).slice(2, 6)}` }, {}, actor) as any;
  payload.view.state.values = {
    digest_channel_block: { digest_channel_select: { type: 'conversations_select', selected_conversation: values.channel ?? null } },
    weekday_block: { weekday_select: { type: 'static_select', selected_option: values.weekday ? { value: values.weekday } : null } },
    time_block: { time_picker: { type: 'timepicker', selected_time: values.time ?? null } },
    timezone_block: { timezone_input: { type: 'plain_text_input', value: values.tz ?? null } },
    quiet_block: { quiet_checkbox: { type: 'checkboxes', selected_options: [] } },
    triage_channel_block: { triage_channel_select: { type: 'conversations_select', selected_conversation: values.triageChannel ?? null } },
    cap_block: { cap_input: { type: 'number_input', value: values.cap ?? '25' } },
    stale_block: { stale_input: { type: 'number_input', value: '30' } },
    needs_info_block: { needs_info_input: { type: 'number_input', value: '14' } },
    ...(values.emoji === undefined ? {} : { intake_emoji_block: { intake_emoji_input: { type: 'plain_text_input', value: values.emoji } } }),
  };
  const response = await sendInteraction(h.appUrl, payload);
  return (await response.text()) || undefined;
}
