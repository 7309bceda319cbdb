import type { FlagState } from '../db/schema.ts';
import { truncate } from '../text/limits.ts';
import { flagLineText } from './notices.ts';

/** Environments shown on a story message; a flag in more than this says how many more. */
const SHOWN = 5;

/** A flag's state per environment, production first, as lines of mrkdwn (escaped); undefined when nothing is known. */
export function flagStateLines(states: Pick<FlagState, 'flagKey' | 'environment' | 'enabled' | 'rolloutPercent'>[]): string | undefined {
  if (states.length === 0) return undefined;
  const lines = states.slice(0, SHOWN).map((state) => `:triangular_flag_on_post: ${flagLineText({ ...state, rolledBack: false })}`);
  if (states.length > SHOWN) lines.push(`and ${states.length - SHOWN} more environments`);
  return truncate(lines.join('\n'), 3000);
}
