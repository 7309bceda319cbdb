import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';

/**
 * Where a first post landed, stored on its item in the same statement that marks the message sent: the
 * bug's thread, its triage message, or the story's message.
 */
export type SentRecord =
  | { table: 'bugs'; id: number; set: { threadChannelId: string; threadTs: string } | { triageChannelId: string; triageTs: string } }
  | { table: 'stories'; id: number; set: { threadChannelId: string; threadTs: string } };

/** What sending decided: done (with what to record), wait, or give up. */
export type SendOutcome =
  | { kind: 'sent'; record?: SentRecord }
  | { kind: 'defer'; ms: number; reason: string }
  | { kind: 'dropped'; reason: string };

export interface SendDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
}

export const sent = (record?: SentRecord): SendOutcome => ({ kind: 'sent', record });
export const dropped = (reason: string): SendOutcome => ({ kind: 'dropped', reason });
