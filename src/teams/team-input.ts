import { z } from 'zod';
import { settingsSchema } from '../settings/settings-input.ts';
import { charLength } from '../text/limits.ts';
import { teamLimits } from './team-limits.ts';

/** The team modal's values, checked on the server: the settings a team has, and its name, channels and triagers. */
export const teamInputSchema = settingsSchema.extend({
  name: z
    .string({ error: 'Give the team a name.' })
    .trim()
    .min(1, { error: 'Give the team a name.' })
    .refine((value) => value.isWellFormed() && !value.includes('\u0000'), { error: 'This contains characters that cannot be stored (a NUL byte or a broken emoji). Please remove them.' })
    .refine((value) => charLength(value) <= teamLimits.name, { error: (issue) => `Keep the name to ${teamLimits.name} characters or fewer (it has ${charLength(String(issue.input))}).` }),
  intakeChannelIds: z
    .array(z.string().regex(/^[CG][A-Z0-9_]+$/, { error: 'Choose public or private channels.' }))
    .max(teamLimits.intakeChannels, { error: `Choose at most ${teamLimits.intakeChannels} channels.` })
    .transform((ids) => [...new Set(ids)]),
  triagerIds: z
    .array(z.string().regex(/^[UW][A-Z0-9]+$/, { error: 'Choose people of this workspace.' }))
    .max(teamLimits.triagers, { error: `Choose at most ${teamLimits.triagers} people.` })
    .transform((ids) => [...new Set(ids)]),
});

export type TeamInput = z.infer<typeof teamInputSchema>;
export type TeamField = keyof TeamInput;
