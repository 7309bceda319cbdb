/**
 * Slack's speed, for the stand-in: a latency per Web API call (fixed, or drawn from a distribution) and
 * Slack's rate limits, answered as Slack answers them (HTTP 429, `Retry-After` in whole seconds). Off until
 * `configure`d, so the test suite runs at loopback speed.
 */

/** A token bucket: up to `burst` calls at once, refilled at `perSecond`. */
export interface Bucket {
  burst: number;
  perSecond: number;
}

export interface SlackPaceOptions {
  /** Milliseconds each call takes before it is answered: a number, a range drawn from uniformly, or a function. */
  latencyMs?: number | { min: number; max: number } | (() => number);
  /** chat.postMessage per channel (Slack: about 1 a second, short bursts allowed). */
  perChannel?: Bucket;
  /** Per method per workspace (token), as Slack's tiers: e.g. `{ 'chat.update': { burst: 10, perSecond: 50 / 60 } }`. */
  perMethod?: Record<string, Bucket>;
}

export class SlackPace {
  private options: SlackPaceOptions = {};
  private buckets = new Map<string, { tokens: number; at: number }>();
  /** Web API calls being answered now, and the most there were at once since `configure` or `resetPeak`. */
  inFlight = 0;
  peakInFlight = 0;

  configure(options: SlackPaceOptions): void {
    this.options = options;
    this.buckets.clear();
    this.peakInFlight = this.inFlight;
  }

  resetPeak(): void {
    this.peakInFlight = this.inFlight;
  }

  /** A call arrived; the function returned is called once it has been answered. */
  enter(): () => void {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight -= 1;
    };
  }

  /** Waits as long as Slack takes to answer. */
  async latency(): Promise<void> {
    const { latencyMs } = this.options;
    const ms = latencyMs === undefined ? 0 : typeof latencyMs === 'number' ? latencyMs : typeof latencyMs === 'function' ? latencyMs() : latencyMs.min + Math.random() * (latencyMs.max - latencyMs.min);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Takes the call's tokens; when a bucket is empty, answers the Retry-After (seconds) Slack would send, and takes nothing. */
  admit(method: string, params: Record<string, unknown>, workspace: string): number | undefined {
    const checks: { key: string; bucket: Bucket }[] = [];
    const { perChannel, perMethod } = this.options;
    if (perChannel && method === 'chat.postMessage' && typeof params.channel === 'string') checks.push({ key: `#${params.channel}`, bucket: perChannel });
    const tier = perMethod?.[method];
    if (tier) checks.push({ key: `${workspace}\u0000${method}`, bucket: tier });
    const now = Date.now();
    const states = checks.map(({ key, bucket }) => {
      const state = this.buckets.get(key) ?? { tokens: bucket.burst, at: now };
      state.tokens = Math.min(bucket.burst, state.tokens + ((now - state.at) / 1000) * bucket.perSecond);
      state.at = now;
      this.buckets.set(key, state);
      return { state, bucket };
    });
    const empty = states.filter(({ state }) => state.tokens < 1);
    if (empty.length > 0) return Math.max(...empty.map(({ state, bucket }) => Math.max(1, Math.ceil((1 - state.tokens) / bucket.perSecond))));
    for (const { state } of states) state.tokens -= 1;
    return undefined;
  }
}
