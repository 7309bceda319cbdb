import type { ViewOutput } from '@slack/bolt';
import { type SettingsField, type SettingsInput, settingsSchema } from '../settings/settings-input.ts';
import { settingsModalIds } from '../blocks/ids.ts';

const { fields } = settingsModalIds;

/** Reads and checks the submitted settings modal: the values, or an error for each field (by block id). */
export function parseSettingsView(values: ViewOutput['state']['values']): { ok: true; value: SettingsInput } | { ok: false; errors: Record<string, string> } {
  const read = (field: SettingsField) => values[fields[field].blockId]?.[fields[field].actionId];
  const parsed = settingsSchema.safeParse({
    digestChannelId: read('digestChannelId')?.selected_conversation ?? null,
    digestWeekday: read('digestWeekday')?.selected_option?.value,
    digestTime: read('digestTime')?.selected_time ?? undefined,
    timeZone: read('timeZone')?.value ?? undefined,
    skipQuietWeeks: (read('skipQuietWeeks')?.selected_options ?? []).length > 0,
    triageChannelId: read('triageChannelId')?.selected_conversation ?? null,
    backlogCap: read('backlogCap')?.value ?? undefined,
    staleAfterDays: read('staleAfterDays')?.value ?? undefined,
    needsInfoDays: read('needsInfoDays')?.value ?? undefined,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[fields[issue.path[0] as SettingsField].blockId] ??= issue.message;
  return { ok: false, errors };
}

/** Per-field messages keyed by settings field, as the modal's block ids. */
export function settingsErrors(byField: Partial<Record<SettingsField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(byField).map(([field, message]) => [fields[field as SettingsField].blockId, message]));
}
