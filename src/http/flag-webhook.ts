import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client.ts';
import type { FlagConnection } from '../db/schema.ts';
import { parseFlagWebhook } from '../flags/adapters.ts';
import { type FlagProvider, flagProviders } from '../flags/types.ts';
import { verifyDelivery } from '../flags/verify.ts';
import type { Logger } from '../logger.ts';
import { openSecret } from '../rollouts/connection-secrets.ts';
import { connectionById } from '../rollouts/connections.ts';
import { createFlagApplier, type FlagApplier } from '../rollouts/flag-batcher.ts';

/** A flag webhook's body is a few kB; GrowthBook's largest (a feature with many rules) well under this. */
export const FLAG_BODY_LIMIT = 256 * 1024;

export interface FlagWebhookDeps {
  db: Db;
  /** The key connection secrets are encrypted with; undefined: no connection can be checked. */
  secretKey: Buffer | undefined;
  wakeOutbox: () => void;
  logger: Logger;
}

const ROUTE = /^\/flags\/([a-z]+)\/([A-Za-z0-9_-]{1,64})$/;

function answer(res: ServerResponse, status: number, body: Record<string, unknown>, close = false): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

/** The body as sent, or undefined when it grew past the limit (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A connection as last read, with its secret opened (null: unsigned). */
interface KnownConnection {
  connection: FlagConnection;
  secret: string | null;
}

/** Connections kept between requests, so a burst does not read and decrypt the same row each time. */
const KNOWN_CONNECTIONS = 1000;

type Checked = { ok: true; known: KnownConnection } | { ok: false; status: 401 | 404; reason: string };

/**
 * A delivery checked against its connection: read from the database unless kept from an earlier request.
 * A kept connection is only a guess: a signature it refuses is checked again against the row as it is now
 * (the secret may have been rotated on another instance), and what it admits is checked again inside the
 * transaction that stores the events (applyFlagDeliveries).
 */
async function check(deps: WebhookState, req: IncomingMessage, raw: Buffer, provider: FlagProvider, connectionId: string, fresh: boolean): Promise<Checked> {
  const where = { provider, connectionId };
  let known = fresh ? undefined : deps.known.get(connectionId);
  const kept = known !== undefined;
  if (!known) {
    const connection = await connectionById(deps.db, connectionId);
    if (!connection || connection.archivedAt) {
      deps.known.delete(connectionId);
      deps.logger.warn({ ...where, archived: Boolean(connection?.archivedAt) }, 'flag webhook for no active connection refused');
      return { ok: false, status: 404, reason: 'not found' };
    }
    const secret = connection.secretEncrypted === null ? null : openSecret(deps.secretKey, connection.secretEncrypted);
    if (secret === undefined) {
      deps.logger.error({ ...where, teamId: connection.workspaceId }, 'flag connection secret cannot be decrypted (the encryption key changed?): rotate the secret');
      return { ok: false, status: 401, reason: 'invalid signature' };
    }
    known = { connection, secret };
    if (deps.known.size >= KNOWN_CONNECTIONS) deps.known.clear();
    deps.known.set(connectionId, known);
  }
  if (known.connection.provider !== provider) {
    deps.logger.warn({ ...where, archived: false }, 'flag webhook for no active connection refused');
    return { ok: false, status: 404, reason: 'not found' };
  }
  const verified = verifyDelivery(provider, { secret: known.secret, unsignedAllowed: known.connection.unsigned }, raw, req.headers);
  if (!verified.ok) {
    if (kept) return check(deps, req, raw, provider, connectionId, true);
    deps.logger.warn({ ...where, teamId: known.connection.workspaceId, reason: verified.reason }, 'flag webhook with a bad signature refused');
    return { ok: false, status: 401, reason: 'invalid signature' };
  }
  return { ok: true, known };
}

async function receive(deps: WebhookState, req: IncomingMessage, res: ServerResponse, provider: FlagProvider, connectionId: string): Promise<void> {
  const { logger } = deps;
  const where = { provider, connectionId };
  const raw = await readBody(req, FLAG_BODY_LIMIT);
  if (raw === undefined) {
    logger.warn(where, 'flag webhook body over 256 KB refused');
    return answer(res, 413, { ok: false, reason: 'request too large' }, true);
  }
  for (let fresh = false; ; fresh = true) {
    const checked = await check(deps, req, raw, provider, connectionId, fresh);
    if (!checked.ok) return answer(res, checked.status, { ok: false, reason: checked.reason });
    const { connection } = checked.known;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      logger.warn({ ...where, teamId: connection.workspaceId }, 'flag webhook body is not JSON');
      return answer(res, 400, { ok: false, reason: 'body is not valid JSON' });
    }
    const parsed = parseFlagWebhook(provider, body, req.headers);
    if (parsed.kind === 'bad_payload') {
      logger.warn({ ...where, teamId: connection.workspaceId, reason: parsed.reason }, 'flag webhook payload not understood');
      return answer(res, 400, { ok: false, reason: parsed.reason });
    }
    const outcome = await deps.applier.apply({ connection, events: parsed.events });
    if (outcome.changedConnection) {
      // Archived, rotated or changed since it was kept: nothing was stored; read it again and check afresh.
      deps.known.delete(connectionId);
      if (!fresh) continue;
      logger.warn({ ...where, teamId: connection.workspaceId }, 'flag webhook for a connection that changed while it was applied refused');
      return answer(res, 404, { ok: false, reason: 'not found' });
    }
    if (outcome.queued) deps.wakeOutbox();
    logger.info({ ...where, teamId: connection.workspaceId, applied: outcome.applied, duplicates: outcome.duplicates, stale: outcome.stale, shipped: outcome.shipped }, 'flag webhook applied');
    return answer(res, 200, { ok: true, applied: outcome.applied, duplicates: outcome.duplicates, stale: outcome.stale });
  }
}

type WebhookState = FlagWebhookDeps & { applier: FlagApplier; known: Map<string, KnownConnection> };

/**
 * `POST /flags/<provider>/<connection id>`: read (256 KB at most), verify before anything is parsed or
 * stored, then apply (deliveries that arrive together share a transaction) and answer; Slack hears of it later, through the outbox. Answers
 * true for a request it took.
 */
export function flagWebhookRoute(options: FlagWebhookDeps) {
  const deps: WebhookState = { ...options, applier: createFlagApplier(options.db), known: new Map() };
  return (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (!path.startsWith('/flags/')) return false;
    const match = ROUTE.exec(path);
    const provider = flagProviders.find((name) => name === match?.[1]);
    if (!match || !provider) {
      answer(res, 404, { ok: false, reason: 'not found' });
      return true;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      answer(res, 405, { ok: false, reason: 'POST only' });
      return true;
    }
    receive(deps, req, res, provider, match[2]!).catch((error: unknown) => {
      deps.logger.error({ err: error, provider, connectionId: match[2] }, 'flag webhook failed');
      if (!res.headersSent) answer(res, 503, { ok: false, reason: 'try again later' });
    });
    return true;
  };
}
