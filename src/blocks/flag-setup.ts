import type { KnownBlock, ModalView } from '@slack/types';
import type { FlagProvider } from '../flags/types.ts';
import { flagProviders } from '../flags/types.ts';
import { signingIsOptional } from '../flags/verify.ts';
import { flagIds } from './ids.ts';
import { formModal, selectInput, textInput } from './inputs.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

const { fields } = flagIds;

export const providerLabels: Record<FlagProvider, string> = {
  generic: 'Generic (Standard Webhooks)',
  unleash: 'Unleash',
  launchdarkly: 'LaunchDarkly',
  growthbook: 'GrowthBook',
  flagsmith: 'Flagsmith',
};

/** Where each secret goes in its provider (README "Flags" has the steps in full). */
const pasteSteps: Record<FlagProvider, string> = {
  generic: 'Sign each delivery as a Standard Webhook with the secret (README: the generic format, with a curl example).',
  unleash: 'In Unleash: Integrations → Webhook → the URL as *Webhook URL* and the secret as *Authorization*, events `feature-environment-enabled`, `feature-environment-disabled`, `feature-strategy-add`, `feature-strategy-update`.',
  launchdarkly: 'In LaunchDarkly: Integrations → Webhooks → Add: the URL, tick *Sign this webhook* and paste the secret.',
  growthbook: 'In GrowthBook: Settings → Webhooks → your event webhook: the URL as *Endpoint URL*; it signs with the key you pasted.',
  flagsmith: 'In Flagsmith: Environment settings → Webhooks → Create: the URL, and the secret as *Secret*.',
};

/** What setup asks: the system, its production environment, and signing; GrowthBook's own key. */
export function buildFlagSetupModal(teamName: string | undefined, privateMetadata: string): ModalView {
  const optional = flagProviders.filter((provider) => signingIsOptional[provider]).map((provider) => providerLabels[provider]);
  const blocks: KnownBlock[] = [
    ...(teamName ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `For the team *${escapeMrkdwn(teamName)}*` }] }] : []),
    selectInput(fields.provider, 'Flag system', flagProviders.map((provider) => ({ text: { type: 'plain_text', text: providerLabels[provider] }, value: provider })), 'Choose one'),
    textInput(fields.environment, { label: 'Production environment', placeholder: 'production', multiline: false, optional: false, hint: 'The environment (its key, exactly as the flag system names it) whose full rollout ships a story.' }, 100, 'production'),
    {
      type: 'input',
      block_id: fields.signing.blockId,
      label: { type: 'plain_text', text: 'Signing' },
      hint: { type: 'plain_text', text: `Unsigned is possible only with ${optional.join(', ')}: then anyone who learns the URL can move your flags and ship stories. Choose it only if your flag system cannot send a secret.` },
      element: {
        type: 'static_select',
        action_id: fields.signing.actionId,
        initial_option: { text: { type: 'plain_text', text: 'Signed (recommended)' }, value: 'signed' },
        options: [
          { text: { type: 'plain_text', text: 'Signed (recommended)' }, value: 'signed' },
          { text: { type: 'plain_text', text: 'Unsigned: anyone with the URL can move flags' }, value: 'unsigned' },
        ],
      },
    },
    textInput(fields.pastedKey, { label: 'GrowthBook webhook key', placeholder: 'ewhk_…', multiline: false, optional: true, hint: 'GrowthBook only: GrowthBook makes the key. Copy it from the event webhook’s page (Settings → Webhooks).' }, 200),
  ];
  return formModal({ callbackId: flagIds.setupCallbackId, privateMetadata, title: 'Connect flags', submit: 'Connect', blocks });
}

/** GrowthBook's Rotate secret: GrowthBook makes the key, so the new one is pasted. */
export function buildGrowthBookRotateModal(privateMetadata: string): ModalView {
  return formModal({
    callbackId: flagIds.rotateCallbackId,
    privateMetadata,
    title: 'New GrowthBook key',
    submit: 'Replace key',
    blocks: [textInput(fields.pastedKey, { label: 'GrowthBook webhook key', placeholder: 'ewhk_…', multiline: false, optional: false, hint: 'Make a new key on the event webhook’s page in GrowthBook and paste it here; the old one stops working.' }, 200)],
  });
}

/** The once-only answer: the URL and the secret to paste, and where. */
export function buildConnectionAnswer(answer: { provider: FlagProvider; url: string; secret: string | null; productionEnvironment: string; rotated: boolean; localUrl: boolean }): { text: string; blocks: KnownBlock[] } {
  const { provider, url, secret } = answer;
  const heading = answer.rotated ? `:key: New secret for the ${providerLabels[provider]} connection. The old one no longer works.` : `:white_check_mark: ${providerLabels[provider]} connected; *${escapeMrkdwn(answer.productionEnvironment)}* counts as production.`;
  const secretLine =
    secret === null
      ? ':warning: *Unsigned*: anyone who learns this URL can move your flags and ship stories. Keep it private.'
      : provider === 'growthbook'
        ? 'Signing key: the one you pasted from GrowthBook (kept encrypted).'
        : `Signing secret (shown only now; *Rotate secret* in \`/backlog flags\` makes a new one):\n\`${secret}\``;
  const local = answer.localUrl ? '\n_PUBLIC_URL is not set, so this address only works on this machine._' : '';
  return {
    text: answer.rotated ? 'New signing secret' : `${providerLabels[provider]} connected`,
    blocks: [
      { type: 'section', block_id: 'flag_connection_block', text: { type: 'mrkdwn', text: `${heading}\nWebhook URL:\n\`${url}\`${local}\n${secretLine}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: pasteSteps[provider] }] },
    ],
  };
}
