import { z } from 'zod';
import { headerValue } from '../headers.ts';
import type { FlagAdapter, FlagEvent } from '../types.ts';
import { badPayload, bodyHash, events, flagKey, ignored, isoInstant } from './parse.ts';

/**
 * GrowthBook event webhooks (https://docs.growthbook.io/app/webhooks/event-webhooks) post
 * `{event, object, api_version, created, data: {object: <feature>}, environments, …}`; the feature's type is
 * documented per event at https://docs.growthbook.io/app/webhooks/event-webhooks/events#featureupdated
 * (no sample body is). `feature.updated` carries the whole feature: per environment `enabled` and `rules`,
 * among them `rollout` rules with `coverage`, the sampling rate 0–1.
 */
const envelope = z.object({
  event: z.string().min(1),
  data: z.unknown(),
  /** The environments the event concerns; GrowthBook filters webhooks by them. */
  environments: z.array(z.string()).optional(),
});

const rule = z.object({ type: z.string(), enabled: z.boolean().optional(), coverage: z.number().min(0).max(1).optional() });

const featureEnvironment = z.object({ enabled: z.boolean(), rules: z.array(rule).default([]) });

const featureUpdated = z.object({
  data: z.object({
    object: z.object({
      id: flagKey,
      dateUpdated: isoInstant,
      archived: z.boolean().optional(),
      environments: z.record(z.string(), featureEnvironment).default({}),
    }),
  }),
});

/**
 * Rules apply top down and the first that matches serves; we take the first enabled rollout rule as the
 * rollout, and none as no percentage rule. A rule's condition (which users it may match) is not weighed:
 * the line reports the rollout as configured. Experiment rules split traffic between variations and are
 * no rollout of the feature.
 */
function rolloutPercent(rules: z.infer<typeof rule>[]): number | null {
  const rollout = rules.find((candidate) => candidate.type === 'rollout' && candidate.enabled !== false && candidate.coverage !== undefined);
  return rollout?.coverage === undefined ? null : Math.round(rollout.coverage * 100_000) / 1000;
}

export const parseGrowthBookWebhook: FlagAdapter = (body, headers) => {
  const head = envelope.safeParse(body);
  if (!head.success) return badPayload(head.error);
  // feature.created and feature.deleted (and experiment and user events) tell of no rollout.
  if (head.data.event !== 'feature.updated') return ignored;
  const parsed = featureUpdated.safeParse(body);
  if (!parsed.success) return badPayload(parsed.error);
  const feature = parsed.data.data.object;
  if (feature.archived === true) return ignored;

  const concerned = head.data.environments?.length ? new Set(head.data.environments) : undefined;
  // Event webhooks carry no event id; a Standard Webhooks delivery has one in webhook-id.
  const id = headerValue(headers, 'webhook-id') ?? bodyHash(body);
  const list = Object.entries(feature.environments)
    .filter(([environment]) => concerned?.has(environment) ?? true)
    .map(
      ([environment, state]): FlagEvent => ({
        flagKey: feature.id,
        environment,
        enabled: state.enabled,
        rolloutPercent: rolloutPercent(state.rules),
        occurredAt: feature.dateUpdated,
        eventId: `${id}:${environment}`,
      }),
    );
  return events(list);
};
