/** A token bucket: up to `burst` calls at once, refilled at `perSecond`. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/** The limits the dispatcher paces itself to, before Slack has to answer 429. */
export interface SlackLimits {
  /**
   * `always`: from the first call. `after-429`: a channel's or method's bucket applies for a minute after Slack
   * answered it 429, so bursts Slack tolerates go out at once and a limit Slack enforces is then kept to.
   */
  pacing?: 'always' | 'after-429';
  /** chat.postMessage per channel (Slack: "1 per second, short bursts allowed"). */
  channel?: Rate;
  /** Per method per workspace (Slack's tiers). */
  methods?: Partial<Record<string, Rate>>;
}

/**
 * Slack's published limits (docs.slack.dev/apis/web-api/rate-limits): chat.postMessage about one message a
 * second per channel with short bursts; chat.update is Tier 3 (50+ a minute per workspace). The burst sizes
 * are ours: one below what Slack lets through, so calls that left spaced by a second and arrive closer
(one of them slowed on the way) are still within Slack's bucket. Slack's workspace-wide chat.postMessage limit has no
 * published number: its 429s are answered as they come.
 */
export const slackLimits: SlackLimits = {
  pacing: 'always',
  channel: { burst: 2, perSecond: 1 },
  methods: { 'chat.update': { burst: 5, perSecond: 50 / 60 } },
};

/** Slack limits chat.postMessage per channel; every other method (and a 429 it answers) per workspace. */
const perChannel = (method: string, channel: string | undefined): channel is string => method === 'chat.postMessage' && channel !== undefined;

/** After a 429, a key's bucket applies this long (pacing `after-429`). */
const ENGAGED_MS = 60_000;

/**
 * What this instance knows about Slack's limits: token buckets (when `limits` are given) and the holds a 429's
 * Retry-After put on a channel, or on a method in a workspace, and on nothing else.
 */
export function createPacer(limits: SlackLimits = {}, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const holds = new Map<string, number>();
  /** after-429: until when each key's bucket applies. */
  const engaged = new Map<string, number>();
  const keyOf = (workspaceId: string, method: string, channel: string | undefined) =>
    perChannel(method, channel) ? `${workspaceId}\u0000#${channel}` : `${workspaceId}\u0000${method}`;

  function rateOf(key: string, method: string, channel: string | undefined, at: number): Rate | undefined {
    const rate = perChannel(method, channel) ? limits.channel : limits.methods?.[method];
    if (limits.pacing === 'after-429' && (engaged.get(key) ?? 0) <= at) return undefined;
    return rate;
  }

  function bucket(key: string, rate: Rate, at: number) {
    const current = buckets.get(key) ?? { tokens: rate.burst, at };
    current.tokens = Math.min(rate.burst, current.tokens + ((at - current.at) / 1000) * rate.perSecond);
    current.at = at;
    buckets.set(key, current);
    // A bucket that has refilled is the same as none: forget it, so channels long quiet cost nothing.
    if (buckets.size > 10_000) for (const [k, b] of buckets) if (k !== key && b.tokens + ((at - b.at) / 1000) * rate.perSecond >= rate.burst) buckets.delete(k);
    return current;
  }

  /** How long until a call may go (0: now), and the bucket it takes from, if any. */
  function check(workspaceId: string, method: string, channel: string | undefined) {
    const at = now();
    const key = keyOf(workspaceId, method, channel);
    const held = Math.max(0, (holds.get(key) ?? 0) - at);
    const rate = rateOf(key, method, channel, at);
    if (!rate) return { wait: held };
    const current = bucket(key, rate, at);
    return { wait: Math.max(held, current.tokens >= 1 ? 0 : Math.ceil(((1 - current.tokens) / rate.perSecond) * 1000)), current };
  }

  /** Takes a call's token when it may go now (answers 0), else answers how long to wait and takes nothing. */
  function tryTake(workspaceId: string, method: string, channel?: string): number {
    const { wait, current } = check(workspaceId, method, channel);
    if (wait === 0 && current) current.tokens -= 1;
    return wait;
  }

  /** Slack answered 429: nothing bound where it applies goes before `ms` from now, and its bucket is empty. */
  function hold(workspaceId: string, method: string, channel: string | undefined, ms: number): void {
    const at = now();
    const key = keyOf(workspaceId, method, channel);
    holds.set(key, Math.max(holds.get(key) ?? 0, at + ms));
    engaged.set(key, at + ms + ENGAGED_MS);
    const rate = rateOf(key, method, channel, at);
    if (rate) bucket(key, rate, at).tokens = 0;
    if (holds.size > 10_000) for (const [k, until] of holds) if (until <= at) holds.delete(k);
    if (engaged.size > 10_000) for (const [k, until] of engaged) if (until <= at) engaged.delete(k);
  }

  return { tryTake, hold };
}

export type Pacer = ReturnType<typeof createPacer>;
