import type { ViewOutput } from '@slack/bolt';
import { settingsModalIds, teamModalIds } from '../blocks/ids.ts';
import type { SettingsField } from '../settings/settings-input.ts';
import { type TeamField, type TeamInput, teamInputSchema } from '../teams/team-input.ts';
import { errorsByBlock, parseForm, readSettingsValues } from './settings-view.ts';

type Values = ViewOutput['state']['values'];
type OwnField = keyof typeof teamModalIds.fields;

const { fields } = teamModalIds;

/** A team modal field's block and action ids: its own fields', or the settings' it shares. */
export const teamFieldIds = (field: string) => (field in fields ? fields[field as OwnField] : settingsModalIds.fields[field as SettingsField]);

/** Reads and checks the submitted team modal: the values, or an error for each field (by block id). */
export function parseTeamView(values: Values): { ok: true; value: TeamInput } | { ok: false; errors: Record<string, string> } {
  const read = (field: OwnField) => values[fields[field].blockId]?.[fields[field].actionId];
  const raw = {
    ...readSettingsValues(values),
    name: read('name')?.value ?? '',
    intakeChannelIds: read('intakeChannelIds')?.selected_conversations ?? [],
    triagerIds: read('triagerIds')?.selected_users ?? [],
  };
  return parseForm(teamInputSchema, raw, teamFieldIds);
}

/** Whether "Archive this team" was ticked. */
export function archiveTicked(values: Values): boolean {
  return (values[teamModalIds.archive.blockId]?.[teamModalIds.archive.actionId]?.selected_options ?? []).length > 0;
}

/** Per-field messages keyed by team field, as the modal's block ids. */
export function teamErrors(byField: Partial<Record<TeamField, string>>): Record<string, string> {
  return errorsByBlock(byField, teamFieldIds);
}
