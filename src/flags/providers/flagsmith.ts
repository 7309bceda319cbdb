import { z } from 'zod';
import type { FlagAdapter } from '../types.ts';
import { badPayload, bodyHash, environmentName, events, flagKey, ignored, isoInstant } from './parse.ts';

/**
 * Flagsmith environment webhooks post `{event_type, data: {changed_by, new_state, previous_state, timestamp}}`
 * (https://docs.flagsmith.com/administration-and-security/platform-configuration/environment-settings#environment-webhooks;
 * sample from https://docs.flagsmith.com/system-administration/webhooks). A state names its feature, its
 * environment (`{id, name}`, a bare id in older samples) and `enabled`. No percentage is documented in the
 * payload (multivariate weights are not sent), so an event states on/off only.
 */
const envelope = z.object({ event_type: z.string().min(1), data: z.unknown() });

const featureState = z.object({
  enabled: z.boolean(),
  environment: z.union([z.object({ name: environmentName }).transform(({ name }) => name), z.number().int().transform(String)]),
  feature: z.object({ name: flagKey }),
  feature_segment: z.unknown().nullish(),
  identity: z.unknown().nullish(),
  identity_identifier: z.string().nullish(),
});

const flagUpdated = z.object({ data: z.object({ new_state: featureState.nullable(), timestamp: isoInstant }) });

export const parseFlagsmithWebhook: FlagAdapter = (body) => {
  const head = envelope.safeParse(body);
  if (!head.success) return badPayload(head.error);
  if (head.data.event_type !== 'FLAG_UPDATED') return ignored;
  const parsed = flagUpdated.safeParse(body);
  if (!parsed.success) return badPayload(parsed.error);
  const { new_state: state, timestamp } = parsed.data.data;
  // FLAG_UPDATED is also sent for an identity's or a segment's override: those change what some users see,
  // not the environment's own state, which is what ships a story.
  if (!state || state.feature_segment != null || state.identity != null || state.identity_identifier != null) return ignored;
  // The payload has no event id: a retry is the same body, so its hash is.
  return events([
    { flagKey: state.feature.name, environment: state.environment, enabled: state.enabled, occurredAt: timestamp, eventId: bodyHash(body) },
  ]);
};
