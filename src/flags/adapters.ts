import { parseFlagsmithWebhook } from './providers/flagsmith.ts';
import { parseGenericWebhook } from './providers/generic.ts';
import { parseGrowthBookWebhook } from './providers/growthbook.ts';
import { parseLaunchDarklyWebhook } from './providers/launchdarkly.ts';
import { parseUnleashWebhook } from './providers/unleash.ts';
import type { AdapterResult, FlagAdapter, FlagProvider, RequestHeaders } from './types.ts';

const adapters: Record<FlagProvider, FlagAdapter> = {
  generic: parseGenericWebhook,
  unleash: parseUnleashWebhook,
  launchdarkly: parseLaunchDarklyWebhook,
  growthbook: parseGrowthBookWebhook,
  flagsmith: parseFlagsmithWebhook,
};

/** The events a verified delivery's parsed JSON body carries, by its provider's documented format. */
export function parseFlagWebhook(provider: FlagProvider, body: unknown, headers: RequestHeaders): AdapterResult {
  return adapters[provider](body, headers);
}
