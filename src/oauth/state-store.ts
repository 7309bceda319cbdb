import { randomBytes } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/oauth';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { oauthStates } from '../db/schema.ts';

const STATE_TTL_MS = 10 * 60_000;

export class InvalidStateError extends Error {}

/**
 * OAuth state kept in the database: random, one use only (verifying deletes it, so a replayed
 * redirect fails), expiring after 10 minutes, and shared by every instance behind a load balancer.
 */
export function createStateStore(db: Db): StateStore {
  return {
    async generateStateParam(installOptions: InstallURLOptions, now: Date) {
      const state = randomBytes(24).toString('base64url');
      await db.insert(oauthStates).values({ state, installOptions: installOptions as unknown as Record<string, unknown>, createdAt: now });
      return state;
    },
    async verifyStateParam(now: Date, state: string) {
      const [row] = await db.delete(oauthStates).where(eq(oauthStates.state, state)).returning();
      if (!row) throw new InvalidStateError('unknown or already used OAuth state');
      if (now.getTime() - row.createdAt.getTime() > STATE_TTL_MS) throw new InvalidStateError('expired OAuth state');
      return row.installOptions as unknown as InstallURLOptions;
    },
  };
}

/** Unused states older than `before` will never verify; they are deleted by the hourly job. */
export async function forgetOldStates(db: Db, before: Date): Promise<number> {
  const removed = await db.delete(oauthStates).where(lt(oauthStates.createdAt, before)).returning({ state: oauthStates.state });
  return removed.length;
}
