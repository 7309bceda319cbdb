import { z } from 'zod';
import type { FlagAdapter, FlagEvent } from '../types.ts';
import { badPayload, events, flagKey, ignored } from './parse.ts';

/**
 * LaunchDarkly posts an audit log entry (https://launchdarkly.com/docs/api/webhooks): `_id`, `date` (epoch
 * milliseconds, "use the payload's date field … to reorder webhooks"), `kind`, and `accesses`, each an
 * action on a resource such as `proj/default:env/production:flag/checkout_v2`. The detailed entry
 * (https://launchdarkly.com/docs/api/audit-log/get-audit-log-entry) adds `currentVersion`, the flag as it now
 * is, in the feature flag representation of https://launchdarkly.com/docs/api/feature-flags.
 */
const envelope = z.object({
  _id: z.string().min(1),
  date: z.number().int().nonnegative(),
  kind: z.string(),
  accesses: z.array(z.object({ action: z.string(), resource: z.string() })).default([]),
});

/** Percentage rollouts weigh each variation in thousandths of a percent (0–100000). */
const weightedVariation = z.object({ variation: z.number().int().nonnegative(), weight: z.number().min(0).max(100_000) });

const flagEnvironment = z.object({
  on: z.boolean(),
  offVariation: z.number().int().nonnegative().nullish(),
  fallthrough: z
    .object({ variation: z.number().int().nonnegative().nullish(), rollout: z.object({ variations: z.array(weightedVariation) }).nullish() })
    .nullish(),
});

const flagVersion = z.object({
  key: flagKey,
  variations: z.array(z.object({ value: z.unknown() })).default([]),
  environments: z.record(z.string(), flagEnvironment),
});

type FlagVersion = z.infer<typeof flagVersion>;
type FlagEnvironment = z.infer<typeof flagEnvironment>;

/** The `env/<key>` and `flag/<key>` parts of a resource specifier; tags after `;` are dropped. */
function resourcePart(resource: string, kind: 'env' | 'flag'): string | undefined {
  const part = resource.split(':').find((segment) => segment.startsWith(`${kind}/`));
  return part?.slice(kind.length + 1).split(';')[0];
}

/**
 * The share served the flag by the environment's default rule (fallthrough): the weight of every variation
 * but the one served when off. Targeting rules for some contexts are not counted: the fallthrough is what
 * everyone else gets. When it is unknown which variation means off, the rollout is not stated.
 */
function fallthroughPercent(environment: FlagEnvironment, variations: FlagVersion['variations']): number | null | undefined {
  const falseVariation = variations.findIndex((variation) => variation.value === false);
  const off = environment.offVariation ?? (falseVariation >= 0 ? falseVariation : undefined);
  const fallthrough = environment.fallthrough;
  if (fallthrough?.rollout) {
    const total = fallthrough.rollout.variations.reduce((sum, { weight }) => sum + weight, 0);
    if (off === undefined || total === 0) return undefined;
    const served = fallthrough.rollout.variations.reduce((sum, { variation, weight }) => (variation === off ? sum : sum + weight), 0);
    return Math.round((served / total) * 100_000) / 1000;
  }
  if (fallthrough?.variation != null) return fallthrough.variation === off ? 0 : null;
  return undefined;
}

export const parseLaunchDarklyWebhook: FlagAdapter = (body) => {
  const head = envelope.safeParse(body);
  if (!head.success) return badPayload(head.error);
  const { _id, date, kind, accesses } = head.data;
  if (kind !== 'flag') return ignored;

  // Only actions on the flag in one named environment change what it serves there; creating, archiving or
  // tagging a flag names no environment (or all of them, `env/*`).
  const environments = [
    ...new Set(accesses.flatMap(({ resource }) => resourcePart(resource, 'env') ?? []).filter((key) => key !== '' && !key.includes('*'))),
  ];
  if (environments.length === 0) return ignored;

  const current = z.object({ currentVersion: flagVersion }).safeParse(body);
  // The summary entry has no currentVersion: nothing says what the flag now serves, so nothing is changed.
  if (!current.success) return 'currentVersion' in (body as object) ? badPayload(current.error) : ignored;
  const flag = current.data.currentVersion;

  const list = environments.flatMap((environment): FlagEvent[] => {
    const state = flag.environments[environment];
    if (!state) return [];
    return [
      {
        flagKey: flag.key,
        environment,
        enabled: state.on,
        rolloutPercent: fallthroughPercent(state, flag.variations),
        occurredAt: new Date(date),
        eventId: `${_id}:${environment}`,
      },
    ];
  });
  return events(list);
};
