/** The flag systems a team can connect; each is a path segment of its webhook URL (`/flags/<provider>/<connection id>`). */
export const flagProviders = ['generic', 'unleash', 'launchdarkly', 'growthbook', 'flagsmith'] as const;

export type FlagProvider = (typeof flagProviders)[number];

/**
 * What one provider event says of one flag in one environment. Providers say different amounts: Unleash's
 * on/off events say nothing of the rollout and its strategy events nothing of on/off, so a field an event
 * does not state is absent and the state applied before stands for it (rollout.ts merges).
 */
export interface FlagEvent {
  flagKey: string;
  environment: string;
  /** On or off in that environment; absent when the event does not say. */
  enabled?: boolean;
  /**
   * The share (0–100) of the environment a percentage rule serves the flag to; `null` when the event says
   * there is no such rule (on means on for everyone); absent when the event says nothing of the rollout.
   */
  rolloutPercent?: number | null;
  occurredAt: Date;
  /** The provider's own id for the event where it has one, else a hash of the body: a retry carries the same id. */
  eventId: string;
}

/**
 * An adapter's answer. `events` may be empty: a documented event we have no use for (a flag created or
 * archived, a tag added). `bad_payload` is a body that is not what the provider documents (answered 400),
 * with a reason a person can act on; it never echoes the body.
 */
export type AdapterResult = { kind: 'events'; events: FlagEvent[] } | { kind: 'bad_payload'; reason: string };

/** Request headers as node gives them (lower-case names, a repeated header as an array); looked up case-insensitively. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A provider adapter: pure, and it never throws whatever the body holds. */
export type FlagAdapter = (body: unknown, headers: RequestHeaders) => AdapterResult;
