import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { InstallProvider } from '@slack/oauth';
import type { Logger } from '../logger.ts';
import { installUrlOptions } from '../slack/authorization.ts';
import { isMessageEvent, type MessageEvents } from '../slack/message-events.ts';
import type { SlackEvents } from './bolt-events.ts';
import { admitSlackRequest } from './slack-gate.ts';

export interface HttpDeps {
  /** HTTP mode: Bolt, given the requests the gate admitted (bolt-events.ts). Absent in Socket Mode, where only /healthz (and the OAuth routes) are served. */
  slackEvents: SlackEvents | undefined;
  /** Verifies requests to the Slack endpoint (HTTP mode). */
  signingSecret: string | undefined;
  /** OAuth mode: the install routes. */
  installer: InstallProvider | undefined;
  /** Sandbox mode only: the page and its API under /sandbox (answers true for a request it took). */
  sandbox?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  /** HTTP mode: `message` events, answered before Bolt (slack/message-events.ts). */
  messageEvents?: MessageEvents;
  /** Flag providers' webhooks under /flags (answers true for a request it took). */
  flags?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  healthy(): Promise<boolean>;
  draining(): boolean;
  logger: Logger;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function installRoute(installer: InstallProvider, path: string, req: IncomingMessage, res: ServerResponse, logger: Logger): boolean {
  if (req.method !== 'GET') return false;
  if (path === '/slack/install') {
    installer.handleInstallPath(req, res, {}, installUrlOptions).catch((error: unknown) => {
      logger.error({ err: error }, 'install path failed');
      if (!res.headersSent) json(res, 500, { ok: false, reason: 'install failed' });
    });
    return true;
  }
  if (path === '/slack/oauth_redirect') {
    const callbackOptions = {
      success: (installation: { team?: { id: string }; enterprise?: { id: string } }, _options: unknown, _req: IncomingMessage, response: ServerResponse) => {
        logger.info({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id }, 'installed');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>Shortlist installed</title><p>Shortlist is installed. Head back to Slack and try <code>/bug</code>.</p>');
      },
      failure: (error: Error, _options: unknown, _req: IncomingMessage, response: ServerResponse) => {
        logger.warn({ err: error }, 'install refused');
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>Install failed</title><p>This install link is invalid or was already used. Start again from the Add to Slack button.</p>');
      },
    };
    installer.handleCallback(req, res, callbackOptions, installUrlOptions).catch((error: unknown) => {
      logger.error({ err: error }, 'OAuth redirect failed');
      if (!res.headersSent) json(res, 500, { ok: false, reason: 'install failed' });
    });
    return true;
  }
  return false;
}

/** One HTTP server for both modes: Slack's endpoint (HTTP mode), the OAuth routes and the health check. */
export function createHttpServer({ slackEvents, signingSecret, installer, sandbox, messageEvents, flags, healthy, draining, logger }: HttpDeps): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      if (draining()) return json(res, 503, { ok: false, reason: 'shutting down' });
      healthy().then(
        (ok) => json(res, ok ? 200 : 503, ok ? { ok: true } : { ok: false, reason: 'database unavailable' }),
        () => json(res, 503, { ok: false, reason: 'database unavailable' }),
      );
      return;
    }
    if (draining()) {
      res.setHeader('connection', 'close');
      return json(res, 503, { ok: false, reason: 'shutting down' });
    }
    if (sandbox?.(req, res, path)) return;
    if (flags?.(req, res, path)) return;
    if (installer && installRoute(installer, path, req, res, logger)) return;
    if (slackEvents && signingSecret && path === '/slack/events' && req.method === 'POST') {
      admitSlackRequest(req, res, signingSecret, logger)
        .then(async (admitted) => {
          if (!admitted) return;
          if (!messageEvents || !isMessageEvent(admitted.body)) return slackEvents(admitted, res);
          const work = await messageEvents(admitted.body);
          if (!work) return json(res, 401, { ok: false, reason: 'no installation for this workspace' });
          res.writeHead(200);
          res.end();
          await work();
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'reading a Slack request failed');
          if (!res.headersSent) json(res, 500, { ok: false, reason: 'internal error' });
        });
      return;
    }
    logger.debug({ path, method: req.method }, 'unknown route');
    json(res, 404, { ok: false, reason: 'not found' });
  });
}
