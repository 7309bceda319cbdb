import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { processedEvents } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/**
 * Slack redelivers an event it thinks failed (x-slack-retry-num). The first delivery of an event_id
 * claims it; later ones are skipped. Anything that is not an Events API callback passes through, and so do
 * `message` events: every message of every channel the bot is in arrives as one, most of them stored
 * nowhere, and a claim would be a row written for each; a reply is kept once by the comments' own unique
 * key (workspace, channel, ts), and its edits and deletions are the same whenever they are applied again.
 */
export async function firstDelivery(db: Db, body: unknown, logger: Logger): Promise<boolean> {
  const { type, event_id: eventId, event } = (body ?? {}) as { type?: string; event_id?: unknown; event?: { type?: unknown } };
  if (type !== 'event_callback' || typeof eventId !== 'string' || event?.type === 'message') return true;
  try {
    const claimed = await db.insert(processedEvents).values({ eventId }).onConflictDoNothing().returning();
    if (claimed.length === 0) logger.info({ eventId }, 'event already processed; skipping the retry');
    return claimed.length > 0;
  } catch (error) {
    // Better to risk handling an event twice than to drop it because the claim failed.
    logger.warn({ err: error, eventId }, 'could not record the event; processing it anyway');
    return true;
  }
}

export async function forgetOldEvents(db: Db, before: Date): Promise<number> {
  const removed = await db.delete(processedEvents).where(lt(processedEvents.createdAt, before)).returning({ id: processedEvents.eventId });
  return removed.length;
}
