import { describe, expect, it } from 'vitest';
import { isTimeZone, localWeek, scheduledInWeek, zonedTimeToUtc } from '../../src/digest/zoned-time.ts';

describe('zoned time', () => {
  it('when it is 09:00 in Rome in winter and in summer, then the instant follows the offset in force', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 11, day: 23, hour: 9, minute: 0 }, 'Europe/Rome').toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 7, day: 6, hour: 9, minute: 0 }, 'Europe/Rome').toISOString()).toBe('2026-07-06T07:00:00.000Z');
  });

  it('when DST ends or starts that very day, then 09:00 local is still 09:00 local', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 9, minute: 0 }, 'Europe/Rome').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 9, minute: 0 }, 'Europe/Rome').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 8, hour: 9, minute: 0 }, 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('when a wall time is repeated or skipped by DST, then the first occurrence or the instant after the gap is used', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Rome').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Rome').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('when the week is asked for, then it runs Monday to Monday in local time', () => {
    const week = localWeek(new Date('2026-11-22T23:30:00Z'), 'Europe/Rome');
    expect([week.key, week.start.toISOString(), week.end.toISOString()]).toEqual(['2026-11-23', '2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z']);
    expect(scheduledInWeek(week, 5, '16:30', 'Europe/Rome').toISOString()).toBe('2026-11-27T15:30:00.000Z');
  });

  it('when a zone name is not IANA, then it is refused', () => {
    expect(isTimeZone('Europe/Rome')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
