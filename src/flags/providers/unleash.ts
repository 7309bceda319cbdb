import { z } from 'zod';
import type { FlagAdapter } from '../types.ts';
import { badPayload, environmentName, events, flagKey, ignored, isoInstant } from './parse.ts';

/**
 * The Unleash webhook integration posts the event itself when no body template is set
 * (https://docs.getunleash.io/reference/integrations/webhook), in the event format of
 * https://docs.getunleash.io/reference/events: `{id, type, createdAt, featureName, environment, data, preData}`.
 */
const envelope = z.object({
  id: z.number().int().nonnegative(),
  type: z.string().min(1),
  createdAt: isoInstant,
});

const flagInEnvironment = z.object({ featureName: flagKey, environment: environmentName });

/** `data` of feature-strategy-add/-update: the strategy as it now is. */
const strategy = z.object({ name: z.string(), disabled: z.boolean().nullish() });

/** The flexibleRollout `rollout` parameter: a number, or its decimal text as the documented samples send it ("67"). */
const rolloutParameter = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'expected a percentage').transform(Number)])
  .pipe(z.number().min(0).max(100));
const flexibleRollout = z.object({ data: z.object({ parameters: z.object({ rollout: rolloutParameter }) }) });

const onOff: Record<string, boolean> = { 'feature-environment-enabled': true, 'feature-environment-disabled': false };

export const parseUnleashWebhook: FlagAdapter = (body) => {
  const head = envelope.safeParse(body);
  if (!head.success) return badPayload(head.error);
  const { id, type, createdAt } = head.data;
  const base = { occurredAt: createdAt, eventId: String(id) };

  const enabled = onOff[type];
  if (enabled !== undefined) {
    const where = flagInEnvironment.safeParse(body);
    if (!where.success) return badPayload(where.error);
    return events([{ flagKey: where.data.featureName, environment: where.data.environment, enabled, ...base }]);
  }

  if (type === 'feature-strategy-add' || type === 'feature-strategy-update') {
    const parsed = flagInEnvironment.extend({ data: strategy }).safeParse(body);
    if (!parsed.success) return badPayload(parsed.error);
    const { featureName, environment, data } = parsed.data;
    // Only the gradual rollout strategy carries a percentage for everyone it matches; another strategy
    // (user ids, IPs, custom) says nothing we can turn into a rollout, and a disabled one serves no one.
    if (data.name !== 'flexibleRollout' || data.disabled === true) return ignored;
    const rollout = flexibleRollout.safeParse(body);
    if (!rollout.success) return badPayload(rollout.error);
    return events([{ flagKey: featureName, environment, rolloutPercent: rollout.data.data.parameters.rollout, ...base }]);
  }

  // Everything else is left alone, among them feature-strategy-remove: its preData is the strategy removed,
  // not what remains, so the rollout left after it is not known; the next strategy or on/off event tells.
  return ignored;
};
