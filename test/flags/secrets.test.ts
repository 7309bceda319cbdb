import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret } from '../../src/flags/secrets.ts';
import { flagProviders } from '../../src/flags/types.ts';

describe('generateSigningSecret', () => {
  it.each(['generic', 'growthbook'] as const)('when a %s connection is made, then its secret is whsec_ and 32 base64 key bytes the reference library takes', (provider) => {
    const secret = generateSigningSecret(provider);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it.each(['unleash', 'launchdarkly', 'flagsmith'] as const)('when a %s connection is made, then its secret is 64 hex digits', (provider) => {
    expect(generateSigningSecret(provider)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when secrets are made again, then none repeats', () => {
    const secrets = flagProviders.flatMap((provider) => [generateSigningSecret(provider), generateSigningSecret(provider)]);
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
