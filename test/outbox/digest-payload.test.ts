import { describe, expect, it } from 'vitest';
import type { DigestData } from '../../src/digest/collect-digest.ts';
import { outboxPayloadSchema } from '../../src/outbox/messages.ts';

const now = new Date('2026-11-23T08:00:00.000Z');
const data: DigestData = {
  now,
  timeZone: 'Europe/Rome',
  periodStart: new Date('2026-11-16T08:00:00.000Z'),
  health: { ready: 3, cap: 25, ideas: 2, openBugs: { critical: 1, high: 0, medium: 2, low: 0, unrated: 1 }, untriaged: 1, longestWaitDays: 4 },
  readyWeekAgo: 2,
  thisWeek: { bugsFiled: 2, bugsResolved: 1, storiesAdded: 1, storiesDone: 0, changes: 7 },
  trend: { backlog: [1, 1, 1, 1, 2, 2, 2, 3], openBugs: [0, 0, 1, 1, 2, 3, 3, 4] },
  topRisks: [{ id: 9, number: 4, summary: 'Checkout fails', probability: 4, impact: 5, ownerId: 'UOWNER' }],
  stale: {
    items: [
      { type: 'story', id: 5, number: 2, title: 'Old idea', status: 'idea', reporterId: 'UREP', ownerId: null, probability: null, impact: null, createdAt: new Date('2026-09-01T10:00:00.000Z'), updatedAt: new Date('2026-09-02T10:00:00.000Z') },
    ],
    total: 1,
  },
  staleAfterDays: 30,
};

describe('the digest outbox payload', () => {
  it('when stored as JSON and read back, then the digest is written from the same data, dates and all', () => {
    const stored = JSON.parse(JSON.stringify({ type: 'digest', channelId: 'C_DIGEST', data, options: { catchUp: true }, digestPeriod: '2026-11-23' }));
    expect(stored.data.now).toBe('2026-11-23T08:00:00.000Z');
    expect(outboxPayloadSchema.parse(stored)).toEqual({ type: 'digest', channelId: 'C_DIGEST', data, options: { catchUp: true }, digestPeriod: '2026-11-23' });
  });

  it('when nothing waits for triage, then the absent longest wait reads back absent', () => {
    const { longestWaitDays: _none, ...health } = data.health;
    const stored = JSON.parse(JSON.stringify({ type: 'digest', channelId: 'C_DIGEST', data: { ...data, health }, options: {} }));
    expect(outboxPayloadSchema.parse(stored)).toMatchObject({ data: { health } });
  });
});
