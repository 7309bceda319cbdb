import type { BugStatus, StoryStatus } from '../db/schema.ts';
import type { ItemKind } from './types.ts';

/**
 * The statuses in which an item is open: listed, counted as backlog, able to go stale. The schema's
 * `isOpen` says the same in SQL for its partial indexes (test/items/open-statuses.test.ts keeps them equal).
 */
export const openStatuses: { bug: readonly BugStatus[]; story: readonly StoryStatus[] } = {
  bug: ['new', 'triaged', 'needs_info', 'in_progress'],
  story: ['idea', 'ready', 'in_progress'],
};

export const isOpenStatus = (kind: ItemKind, status: string): boolean => (openStatuses[kind] as readonly string[]).includes(status);
