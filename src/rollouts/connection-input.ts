import { z } from 'zod';
import { flagProviders } from '../flags/types.ts';
import { signingIsOptional } from '../flags/verify.ts';

export type SetupField = 'provider' | 'environment' | 'signing' | 'pastedKey';

/** GrowthBook's event webhook keys (`ewhk_…`), or a Standard Webhooks secret for its SDK webhooks. */
const growthBookKey = z
  .string()
  .trim()
  .regex(/^(ewhk_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/=]{16,})$/, 'Paste the key from the event webhook’s page in GrowthBook: it starts with ewhk_.');

const setupSchema = z.object({
  provider: z.enum(flagProviders, { error: 'Choose a flag system.' }),
  environment: z
    .string({ error: 'Name the production environment.' })
    .trim()
    .min(1, 'Name the production environment.')
    .max(100, 'Keep it to 100 characters.'),
  signing: z.enum(['signed', 'unsigned']).default('signed'),
  pastedKey: z.string().trim().optional(),
});

export interface SetupInput {
  provider: (typeof flagProviders)[number];
  productionEnvironment: string;
  unsigned: boolean;
  pastedSecret?: string;
}

/** Reads the setup form's raw values; each problem goes back to its field. */
export function parseFlagSetup(raw: Partial<Record<SetupField, string | undefined>>): { ok: true; value: SetupInput } | { ok: false; errors: Partial<Record<SetupField, string>> } {
  const parsed = setupSchema.safeParse({ ...raw, pastedKey: raw.pastedKey || undefined, signing: raw.signing || undefined });
  if (!parsed.success) {
    const errors: Partial<Record<SetupField, string>> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as SetupField] ??= issue.message;
    return { ok: false, errors };
  }
  const { provider, environment, signing, pastedKey } = parsed.data;
  if (signing === 'unsigned' && !signingIsOptional[provider]) return { ok: false, errors: { signing: 'This flag system always signs its webhooks: choose Signed.' } };
  if (provider !== 'growthbook') return { ok: true, value: { provider, productionEnvironment: environment, unsigned: signing === 'unsigned' } };
  const key = parseGrowthBookKey(pastedKey);
  return key.ok ? { ok: true, value: { provider, productionEnvironment: environment, unsigned: false, pastedSecret: key.value } } : { ok: false, errors: { pastedKey: key.error } };
}

export function parseGrowthBookKey(raw: string | undefined): { ok: true; value: string } | { ok: false; error: string } {
  if (!raw?.trim()) return { ok: false, error: 'GrowthBook makes the key: paste it from the event webhook’s page (Settings → Webhooks).' };
  const parsed = growthBookKey.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.issues[0]!.message };
}
