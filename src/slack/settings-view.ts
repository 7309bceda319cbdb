import type { ViewOutput } from '@slack/bolt';
import type { z } from 'zod';
import { type SettingsField, type SettingsInput, settingsSchema } from '../settings/settings-input.ts';
import { settingsModalIds } from '../blocks/ids.ts';

const { fields } = settingsModalIds;

type Values = ViewOutput['state']['values'];
type Ids = { blockId: string; actionId: string };

/** The settings' inputs of a submitted view (the settings modal, or the team modal that shares them), as Slack sent them. */
export function readSettingsValues(values: Values): Record<SettingsField, unknown> {
  const read = (field: SettingsField) => values[fields[field].blockId]?.[fields[field].actionId];
  return {
    digestChannelId: read('digestChannelId')?.selected_conversation ?? null,
    digestWeekday: read('digestWeekday')?.selected_option?.value,
    digestTime: read('digestTime')?.selected_time ?? undefined,
    timeZone: read('timeZone')?.value ?? undefined,
    skipQuietWeeks: (read('skipQuietWeeks')?.selected_options ?? []).length > 0,
    triageChannelId: read('triageChannelId')?.selected_conversation ?? null,
    backlogCap: read('backlogCap')?.value ?? undefined,
    staleAfterDays: read('staleAfterDays')?.value ?? undefined,
    needsInfoDays: read('needsInfoDays')?.value ?? undefined,
    intakeEmoji: read('intakeEmoji')?.value ?? undefined,
  };
}

/** Checks `raw` against a form's schema: the values, or the first error of each field, by the field's block id. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  idsOf: (field: string) => Ids,
): { ok: true; value: z.infer<S> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[idsOf(String(issue.path[0])).blockId] ??= issue.message;
  return { ok: false, errors };
}

/** Reads and checks the submitted settings modal: the values, or an error for each field (by block id). */
export function parseSettingsView(values: Values): { ok: true; value: SettingsInput } | { ok: false; errors: Record<string, string> } {
  return parseForm(settingsSchema, readSettingsValues(values), (field) => fields[field as SettingsField]);
}

/** Per-field messages, keyed by each field's block id as `idsOf` says: what `response_action: errors` wants. */
export function errorsByBlock(byField: Partial<Record<string, string>>, idsOf: (field: string) => Ids): Record<string, string> {
  return Object.fromEntries(Object.entries(byField).map(([field, message]) => [idsOf(field).blockId, message ?? '']));
}

/** Per-field messages keyed by settings field, as the modal's block ids. */
export function settingsErrors(byField: Partial<Record<SettingsField, string>>): Record<string, string> {
  return errorsByBlock(byField, (field) => fields[field as SettingsField]);
}
