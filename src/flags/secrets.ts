import { randomBytes } from 'node:crypto';
import type { FlagProvider } from './types.ts';

/**
 * A new signing secret for a connection, to paste into the provider. Standard Webhooks secrets are `whsec_`
 * and base64 key bytes (https://www.standardwebhooks.com/); LaunchDarkly and Flagsmith take any string as
 * their HMAC key, and Unleash sends it back verbatim as the Authorization header, so those get hex.
 * GrowthBook event webhooks sign with a key GrowthBook makes (`ewhk_…`): setup takes that one instead.
 */
export function generateSigningSecret(provider: FlagProvider): string {
  const bytes = randomBytes(32);
  return provider === 'generic' || provider === 'growthbook' ? `whsec_${bytes.toString('base64')}` : bytes.toString('hex');
}
