import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { headerValue } from './headers.ts';
import type { FlagProvider, RequestHeaders } from './types.ts';

/** How a connection checks what reaches its URL: its secret, or none when it was set up unsigned on purpose. */
export interface DeliveryCheck {
  secret: string | null;
  /** Taken only where the provider's signing is optional (signingIsOptional); a secret, when set, is always checked. */
  unsignedAllowed: boolean;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Where a provider can send unsigned deliveries, setup must offer "unsigned" as an explicit, warned-about
 * choice. Standard Webhooks senders (generic) and GrowthBook event webhooks always sign.
 */
export const signingIsOptional: Record<FlagProvider, boolean> = {
  generic: false,
  unleash: true,
  launchdarkly: true,
  growthbook: false,
  flagsmith: true,
};

const refused = (reason: string): VerifyResult => ({ ok: false, reason });
const accepted: VerifyResult = { ok: true };

/**
 * Checks a delivery by its provider's documented scheme, on the raw body as received. Every comparison is
 * constant-time, and no reason carries the secret or the signature sent.
 */
export function verifyDelivery(provider: FlagProvider, check: DeliveryCheck, rawBody: Buffer, headers: RequestHeaders): VerifyResult {
  const { secret } = check;
  if (secret === null || secret === '') {
    if (signingIsOptional[provider] && check.unsignedAllowed) return accepted;
    return refused('the connection has no signing secret and does not take unsigned deliveries');
  }
  switch (provider) {
    case 'generic':
      return verifyStandardWebhook(secret, rawBody, headers);
    case 'growthbook':
      // GrowthBook's event webhooks sign with X-GrowthBook-Signature, a hex HMAC-SHA256 of the body keyed
      // with the `ewhk_…` secret GrowthBook shows (https://docs.growthbook.io/app/webhooks/event-webhooks
      // "Verify Signatures"); its SDK webhooks follow Standard Webhooks
      // (https://docs.growthbook.io/app/webhooks/sdk-webhooks). The secret tells which scheme the connection uses.
      return secret.startsWith('whsec_')
        ? verifyStandardWebhook(secret, rawBody, headers)
        : verifyHexHmac('X-GrowthBook-Signature', secret, rawBody, headers);
    case 'launchdarkly':
      // "X-LD-Signature header, whose value will contain an HMAC SHA256 hex digest of the webhook payload,
      // using the secret as the key" (https://launchdarkly.com/docs/home/infrastructure/webhooks).
      return verifyHexHmac('X-LD-Signature', secret, rawBody, headers);
    case 'flagsmith':
      // HMAC-SHA256 of the raw body, the secret (utf-8) as key, hex, in X-Flagsmith-Signature
      // (https://docs.flagsmith.com/administration-and-security/platform-configuration/environment-settings).
      return verifyHexHmac('X-Flagsmith-Signature', secret, rawBody, headers);
    case 'unleash':
      // Unleash signs nothing; its webhook integration sends an admin-set `Authorization` header value
      // verbatim (https://docs.getunleash.io/reference/integrations/webhook), which is our shared secret.
      return verifySharedHeader('Authorization', secret, headers);
  }
}

const standardWebhookReasons: Record<string, string> = {
  'Missing required headers': 'missing webhook-id, webhook-timestamp or webhook-signature header',
  'Invalid Signature Headers': 'webhook-timestamp is not a number',
  'Message timestamp too old': 'webhook-timestamp is more than 5 minutes old',
  'Message timestamp too new': 'webhook-timestamp is more than 5 minutes ahead',
  'No matching signature found': 'webhook-signature does not match the body',
};

/** Standard Webhooks via its own library: v1 HMAC of `id.timestamp.body`, a timestamp within 5 minutes of now. */
function verifyStandardWebhook(secret: string, rawBody: Buffer, headers: RequestHeaders): VerifyResult {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    return refused('the connection secret is not a Standard Webhooks secret (whsec_…)');
  }
  const signed = {
    'webhook-id': headerValue(headers, 'webhook-id') ?? '',
    'webhook-timestamp': headerValue(headers, 'webhook-timestamp') ?? '',
    'webhook-signature': headerValue(headers, 'webhook-signature') ?? '',
  };
  try {
    // The body is parsed, and refused with a 400 if it is no JSON, by the caller, not here.
    webhook.verify(rawBody, signed, { jsonParse: false });
    return accepted;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return refused(standardWebhookReasons[error.message] ?? 'webhook-signature does not verify');
    return refused('webhook-signature does not verify');
  }
}

function verifyHexHmac(header: string, secret: string, rawBody: Buffer, headers: RequestHeaders): VerifyResult {
  const sent = headerValue(headers, header)?.trim();
  if (!sent) return refused(`missing ${header} header`);
  if (!/^[0-9a-fA-F]{64}$/.test(sent)) return refused(`${header} is not a hex SHA-256 HMAC`);
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(sent, 'hex')) ? accepted : refused(`${header} does not match the body`);
}

/** Compares digests, not the values, so the comparison takes as long whatever length was sent. */
function verifySharedHeader(header: string, secret: string, headers: RequestHeaders): VerifyResult {
  const sent = headerValue(headers, header);
  if (sent === undefined) return refused(`missing ${header} header`);
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(secret)) ? accepted : refused(`${header} does not match the connection secret`);
}
