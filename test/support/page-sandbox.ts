import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { signature } from '../../src/sandbox/deliver.ts';
import { Sandbox } from '../../src/sandbox/sandbox.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/slack-standin.ts';

/** What the recording bot was sent: an interaction's payload, an event callback or a slash command's fields. */
export interface Received {
  kind: 'interaction' | 'event' | 'command';
  body: Record<string, any>;
}

const secret = 'pageSandboxSigningSecret0123456789';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/**
 * The sandbox's page and API over a real Slack stand-in, in front of a small bot of the test's own instead of
 * Shortlist: it checks each request's Slack signature (refusing a bad one with 401, as Bolt does), records what
 * it was sent and acknowledges. For what the page must show and send that the app does not use yet (file
 * inputs, multi-selects, confirm dialogs, every block): the test posts messages and opens modals through the
 * stand-in's Web API, as a bot would.
 */
export async function startPageSandbox() {
  const emulator: SlackEmulator = await startSlackEmulator();
  const received: Received[] = [];
  const bot = createServer((req, res) => {
    void bodyOf(req).then((raw) => {
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (req.headers['x-slack-signature'] !== signature(secret, timestamp, raw)) {
        res.writeHead(401).end();
        return;
      }
      const form = new URLSearchParams(raw);
      if (req.headers['content-type']?.includes('application/json')) received.push({ kind: 'event', body: JSON.parse(raw) });
      else if (form.has('payload')) received.push({ kind: 'interaction', body: JSON.parse(form.get('payload')!) });
      else received.push({ kind: 'command', body: Object.fromEntries(form) });
      res.writeHead(200).end();
    });
  });
  const botUrl = await listen(bot);
  const dir = mkdtempSync(join(tmpdir(), 'shortlist-page-'));
  const sandbox = new Sandbox({
    emulator,
    dir,
    signingSecret: secret,
    botUrl: () => botUrl,
    assets: fileURLToPath(new URL('../../dist/', import.meta.url)),
    reset: async () => emulator.reset(),
  });
  const page = createServer((req, res) => {
    if (!sandbox.handle(req, res, (req.url ?? '/').split('?')[0]!)) res.writeHead(404).end();
  });
  const url = await listen(page);
  // The bot's side of Slack: its Web API client, pointed at the stand-in.
  const client = new WebClient('xoxb-page-sandbox', { slackApiUrl: emulator.url, retryConfig: { retries: 0 } });
  return {
    url,
    emulator,
    client,
    received,
    /** The payloads of one interaction type (block_actions, view_submission …) the bot was sent, in order. */
    interactions: (type: string) => received.filter((r) => r.kind === 'interaction' && r.body.type === type).map((r) => r.body),
    async close(): Promise<void> {
      // No save after this: the folder it would write to goes.
      emulator.onChange = undefined;
      sandbox.forget();
      page.closeAllConnections();
      bot.closeAllConnections();
      await Promise.all([new Promise((resolve) => page.close(resolve)), new Promise((resolve) => bot.close(resolve)), emulator.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PageSandbox = Awaited<ReturnType<typeof startPageSandbox>>;
