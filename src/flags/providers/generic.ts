import { z } from 'zod';
import { headerValue } from '../headers.ts';
import type { FlagAdapter } from '../types.ts';
import { badPayload, bodyHash, environmentName, events, flagKey, isoInstant } from './parse.ts';

/**
 * Shortlist's own format for any flag system (docs/flags.md), sent as a Standard Webhook
 * (https://www.standardwebhooks.com/): `{"flag","environment","enabled","rollout"?,"at"}`. Each body is the
 * whole state of the flag there, so a missing `rollout` means no percentage rule: on is on for everyone.
 */
const genericBody = z.object({
  flag: flagKey,
  environment: environmentName,
  enabled: z.boolean(),
  rollout: z.number().min(0).max(100).optional(),
  at: isoInstant,
});

export const parseGenericWebhook: FlagAdapter = (body, headers) => {
  const parsed = genericBody.safeParse(body);
  if (!parsed.success) return badPayload(parsed.error);
  const { flag, environment, enabled, rollout, at } = parsed.data;
  return events([
    {
      flagKey: flag,
      environment,
      enabled,
      rolloutPercent: rollout ?? null,
      occurredAt: at,
      // Standard Webhooks: "webhook-id … is the same when the webhook is being resent".
      eventId: headerValue(headers, 'webhook-id') ?? bodyHash(body),
    },
  ]);
};
