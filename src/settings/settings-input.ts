import { z } from 'zod';
import { isTimeZone } from '../digest/zoned-time.ts';
import { intakeEmojiSchema } from '../teams/intake-emoji.ts';

const whole = (min: number, max: number, what: string) =>
  z
    .string({ error: `Enter ${what}: a whole number from ${min} to ${max}.` })
    .trim()
    .regex(/^\d{1,4}$/, { error: `Enter ${what}: a whole number from ${min} to ${max}.` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `Enter ${what}: a whole number from ${min} to ${max}.` });

const channel = z.string().regex(/^[CG][A-Z0-9_]+$/, { error: 'Choose a public or private channel.' }).nullable();

/** The settings modal's values, checked on the server; field names match the workspace columns. */
export const settingsSchema = z.object({
  digestChannelId: channel,
  digestWeekday: z.string({ error: 'Choose a weekday.' }).regex(/^[1-7]$/, { error: 'Choose a weekday.' }).transform(Number),
  digestTime: z.string({ error: 'Choose a time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Choose a time like 09:00.' }),
  timeZone: z
    .string({ error: 'Enter a time zone like Europe/Rome.' })
    .trim()
    .refine((value) => /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(value) && isTimeZone(value), { error: 'Enter an IANA time zone like Europe/Rome or America/New_York.' }),
  skipQuietWeeks: z.boolean(),
  triageChannelId: channel,
  backlogCap: whole(1, 100, 'the backlog cap'),
  staleAfterDays: whole(1, 365, 'the days before an item is stale'),
  needsInfoDays: whole(1, 90, 'the days a bug may wait for information'),
  /** Absent from a form opened before the field existed: the team keeps the emoji it has. */
  intakeEmoji: intakeEmojiSchema.optional(),
});

export type SettingsInput = z.infer<typeof settingsSchema>;
export type SettingsField = keyof SettingsInput;
