import { describe, expect, it } from 'vitest';
import { staleDays, triageWaitDays } from '../../src/items/staleness.ts';

const now = new Date('2026-06-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const bug = (createdAt: Date, status = 'new') => ({ type: 'bug' as const, status, createdAt });

describe('waiting for triage', () => {
  it.each([
    [47, undefined],
    [48, undefined],
    [48.02, 2],
    [71.9, 2],
    [72, 3],
    [24 * 41, 41],
  ])('when an untriaged bug was filed %s hours ago, then it waits %s days', (hours, days) => {
    expect(triageWaitDays(bug(hoursAgo(hours)), now)).toBe(days);
  });

  it('when the bug is rated, or the item is a story, then it is not waiting, however old', () => {
    expect(triageWaitDays(bug(hoursAgo(500), 'triaged'), now)).toBeUndefined();
    expect(triageWaitDays({ type: 'story', status: 'new', createdAt: hoursAgo(500) }, now)).toBeUndefined();
  });
});

describe('stale', () => {
  it('when an open item was last touched exactly stale_after_days ago, then it is stale; a day less, not', () => {
    expect(staleDays({ type: 'bug', status: 'triaged', updatedAt: hoursAgo(30 * 24) }, now, 30)).toBe(30);
    expect(staleDays({ type: 'bug', status: 'triaged', updatedAt: hoursAgo(29 * 24) }, now, 30)).toBeUndefined();
    expect(staleDays({ type: 'bug', status: 'resolved', updatedAt: hoursAgo(300 * 24) }, now, 30)).toBeUndefined();
  });
});
