import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../logger.ts';

export interface HttpDeps {
  /** Absent in Socket Mode, where only /healthz is served. */
  receiver: HTTPReceiver | undefined;
  healthy(): Promise<boolean>;
  draining(): boolean;
  logger: Logger;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** One HTTP server for both modes: Slack's endpoint (HTTP mode) and the health check. */
export function createHttpServer({ receiver, healthy, draining, logger }: HttpDeps): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
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
    if (!receiver) return json(res, 404, { ok: false, reason: 'not found' });
    try {
      receiver.requestListener(req, res);
    } catch {
      // Bolt throws for paths it does not serve.
      logger.debug({ path, method: req.method }, 'unknown route');
      json(res, 404, { ok: false, reason: 'not found' });
    }
  });
}
