import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSigningSecret } from '../../src/flags/secrets.ts';
import type { FlagProvider, RequestHeaders } from '../../src/flags/types.ts';
import { verifyDelivery } from '../../src/flags/verify.ts';
import { loadFixture } from './fixtures.ts';

const minutes = (n: number) => n * 60_000;

/** The headers a Standard Webhooks sender adds, signed with the reference library as senders sign. */
function standardWebhookHeaders(secret: string, raw: Buffer, sentAt = new Date()): Record<string, string> {
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, sentAt, raw),
  };
}

/** The header a provider that signs the body alone adds: hex HMAC-SHA256 keyed with the secret's utf-8 bytes. */
const hexHmacHeader = (header: string) => (secret: string, raw: Buffer) => ({ [header]: createHmac('sha256', secret).update(raw).digest('hex') });

interface Scheme {
  provider: FlagProvider;
  fixture: string;
  secret: () => string;
  sign: (secret: string, raw: Buffer) => Record<string, string>;
  header: string;
}

const schemes: Scheme[] = [
  { provider: 'generic', fixture: 'rollout-25', secret: () => generateSigningSecret('generic'), sign: standardWebhookHeaders, header: 'webhook-signature' },
  { provider: 'growthbook', fixture: 'feature-updated', secret: () => generateSigningSecret('growthbook'), sign: standardWebhookHeaders, header: 'webhook-signature' },
  { provider: 'growthbook', fixture: 'feature-updated', secret: () => 'ewhk_7c1a9e0f3b', sign: hexHmacHeader('X-GrowthBook-Signature'), header: 'X-GrowthBook-Signature' },
  { provider: 'launchdarkly', fixture: 'flag-rollout-25', secret: () => generateSigningSecret('launchdarkly'), sign: hexHmacHeader('X-LD-Signature'), header: 'X-LD-Signature' },
  { provider: 'flagsmith', fixture: 'flag-updated', secret: () => generateSigningSecret('flagsmith'), sign: hexHmacHeader('X-Flagsmith-Signature'), header: 'X-Flagsmith-Signature' },
  { provider: 'unleash', fixture: 'feature-environment-enabled', secret: () => generateSigningSecret('unleash'), sign: (secret) => ({ Authorization: secret }), header: 'Authorization' },
];

const without = (headers: Record<string, string>, name: string): RequestHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));

describe.each(schemes)('verifyDelivery($provider, $header)', ({ provider, fixture, secret: makeSecret, sign, header }) => {
  const secret = makeSecret();
  const { raw } = loadFixture(provider, fixture);
  const check = { secret, unsignedAllowed: false };
  const refusal = (result: ReturnType<typeof verifyDelivery>) => {
    expect(result.ok).toBe(false);
    const reason = result.ok ? '' : result.reason;
    expect(reason).not.toContain(secret);
    return reason;
  };

  it('when the documented body is signed as the provider signs it, then it is accepted', () => {
    expect(verifyDelivery(provider, check, raw, sign(secret, raw))).toEqual({ ok: true });
  });

  it('when the header names are in another case, then it is still accepted', () => {
    const upper = Object.fromEntries(Object.entries(sign(secret, raw)).map(([key, value]) => [key.toUpperCase(), value]));
    expect(verifyDelivery(provider, check, raw, upper)).toEqual({ ok: true });
  });

  it('when it is signed with another secret, then it is refused without naming the secret', () => {
    refusal(verifyDelivery(provider, check, raw, sign(makeSecret() === secret ? `${secret}x` : makeSecret(), raw)));
  });

  it('when the signature header is missing, then it is refused, saying so', () => {
    expect(refusal(verifyDelivery(provider, check, raw, without(sign(secret, raw), header)))).toMatch(/missing/);
  });

  // Unleash signs no body (see "Unleash shared secret" below).
  if (provider !== 'unleash') {
    it('when the body was changed after signing, then it is refused', () => {
      const tampered = Buffer.concat([raw, Buffer.from(' ')]);
      expect(refusal(verifyDelivery(provider, check, tampered, sign(secret, raw)))).toMatch(/does not match the body/);
    });
  }
});

describe('Standard Webhooks timestamps', () => {
  const secret = generateSigningSecret('generic');
  const { raw } = loadFixture('generic', 'rollout-25');
  const check = { secret, unsignedAllowed: false };

  it('when the delivery was signed 6 minutes ago, then it is refused as stale; 4 minutes ago it is accepted', () => {
    expect(verifyDelivery('generic', check, raw, standardWebhookHeaders(secret, raw, new Date(Date.now() - minutes(6))))).toEqual({
      ok: false,
      reason: 'webhook-timestamp is more than 5 minutes old',
    });
    expect(verifyDelivery('generic', check, raw, standardWebhookHeaders(secret, raw, new Date(Date.now() - minutes(4))))).toEqual({ ok: true });
  });

  it('when the timestamp is 6 minutes ahead, then it is refused', () => {
    const result = verifyDelivery('generic', check, raw, standardWebhookHeaders(secret, raw, new Date(Date.now() + minutes(6))));
    expect(result).toEqual({ ok: false, reason: 'webhook-timestamp is more than 5 minutes ahead' });
  });

  it('when the timestamp header was replaced by a fresh one, then the signature no longer matches', () => {
    const headers = { ...standardWebhookHeaders(secret, raw, new Date(Date.now() - minutes(6))), 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    expect(verifyDelivery('generic', check, raw, headers)).toEqual({ ok: false, reason: 'webhook-signature does not match the body' });
  });

  it('when the connection secret is not a Standard Webhooks secret, then it is refused without naming it', () => {
    const result = verifyDelivery('generic', { secret: 'whsec_', unsignedAllowed: false }, raw, standardWebhookHeaders(secret, raw));
    expect(result).toEqual({ ok: false, reason: 'the connection secret is not a Standard Webhooks secret (whsec_…)' });
  });
});

describe('Unleash shared secret', () => {
  it('when the body differs but the Authorization header is the secret, then it is accepted: Unleash signs no body, the header proves the sender', () => {
    const secret = generateSigningSecret('unleash');
    const { raw } = loadFixture('unleash', 'feature-environment-disabled');
    expect(verifyDelivery('unleash', { secret, unsignedAllowed: false }, Buffer.concat([raw, Buffer.from(' ')]), { authorization: secret })).toEqual({ ok: true });
    expect(verifyDelivery('unleash', { secret, unsignedAllowed: false }, raw, { authorization: `${secret} ` })).toEqual({
      ok: false,
      reason: 'Authorization does not match the connection secret',
    });
  });
});

describe('unsigned connections', () => {
  const { raw } = loadFixture('unleash', 'feature-environment-enabled');

  it.each(['unleash', 'launchdarkly', 'flagsmith'] as const)('when %s was set up unsigned on purpose, then a delivery without a signature is accepted', (provider) => {
    expect(verifyDelivery(provider, { secret: null, unsignedAllowed: true }, raw, {})).toEqual({ ok: true });
  });

  it.each(['generic', 'growthbook'] as const)('when %s has no secret, then even "unsigned allowed" is refused: it always signs', (provider) => {
    expect(verifyDelivery(provider, { secret: null, unsignedAllowed: true }, raw, {})).toMatchObject({ ok: false });
  });

  it('when a connection has no secret and was not set up unsigned, then it is refused', () => {
    expect(verifyDelivery('unleash', { secret: null, unsignedAllowed: false }, raw, {})).toEqual({
      ok: false,
      reason: 'the connection has no signing secret and does not take unsigned deliveries',
    });
  });

  it('when a connection has a secret, then "unsigned allowed" does not let an unsigned delivery through', () => {
    expect(verifyDelivery('launchdarkly', { secret: 'abc', unsignedAllowed: true }, raw, {})).toEqual({ ok: false, reason: 'missing X-LD-Signature header' });
  });

  it('when a hex signature is not 64 hex digits, then it is refused before any comparison', () => {
    expect(verifyDelivery('flagsmith', { secret: 'abc', unsignedAllowed: false }, raw, { 'x-flagsmith-signature': 'sha256=zz' })).toEqual({
      ok: false,
      reason: 'X-Flagsmith-Signature is not a hex SHA-256 HMAC',
    });
  });
});
