import type { ViewOutput } from '@slack/bolt';
import { teamFieldIds } from '../blocks/ids.ts';

type Values = ViewOutput['state']['values'];

/** Reads the plain text inputs of a submitted view; a missing block reads as undefined, never throws. */
export function readTextInputs<F extends string>(
  values: Values | undefined,
  fields: Record<F, { blockId: string; actionId: string }>,
): Record<F, string | undefined> {
  const result = {} as Record<F, string | undefined>;
  for (const [field, ids] of Object.entries(fields) as [F, { blockId: string; actionId: string }][]) {
    const value = values?.[ids.blockId]?.[ids.actionId]?.value;
    result[field] = typeof value === 'string' ? value : undefined;
  }
  return result;
}

/** The Team field's choice, when the form had one: a team id (checked against the workspace by the caller). */
export function chosenTeam(values: Values | undefined): number | undefined {
  const value = values?.[teamFieldIds.blockId]?.[teamFieldIds.actionId]?.selected_option?.value;
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
