import type { ItemSummary } from './item-queries.ts';
import { isOpenStatus } from './open-statuses.ts';

const DAY = 86_400_000;
export const TRIAGE_WAIT_DAYS = 2;

export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY);

/** Open and untouched for longer than the workspace's stale_after_days. */
export function staleDays(item: Pick<ItemSummary, 'type' | 'status' | 'updatedAt'>, now: Date, staleAfterDays: number): number | undefined {
  if (!isOpenStatus(item.type, item.status)) return undefined;
  const days = daysBetween(item.updatedAt, now);
  return days >= staleAfterDays ? days : undefined;
}

/** An untriaged bug filed more than two days (48 hours) ago: how many whole days it has waited. */
export function triageWaitDays(item: Pick<ItemSummary, 'type' | 'status' | 'createdAt'>, now: Date): number | undefined {
  if (item.type !== 'bug' || item.status !== 'new') return undefined;
  // Compared in milliseconds: counting whole days first would wait for the third day to end (72 hours).
  if (now.getTime() - item.createdAt.getTime() <= TRIAGE_WAIT_DAYS * DAY) return undefined;
  return daysBetween(item.createdAt, now);
}
