import { describe, expect, it } from 'vitest';
import { caseClock, durationText, formatDayTime, standingOf } from '../../../client/tablet/case-times';

const MIN = 60_000;

describe('case ages and deadlines', () => {
  it('reads a span as its two largest units', () => {
    expect(durationText(0)).toEqual({ key: 'tablet.duration.minutes', params: { d: 0, h: 0, m: 0 } });
    expect(durationText(59 * MIN + 59_000)).toMatchObject({ key: 'tablet.duration.minutes', params: { m: 59 } });
    expect(durationText(61 * MIN)).toMatchObject({ key: 'tablet.duration.hours', params: { h: 1, m: 1 } });
    expect(durationText((3 * 24 + 5) * 60 * MIN + 7 * MIN)).toMatchObject({ key: 'tablet.duration.days', params: { d: 3, h: 5 } });
    expect(durationText(-5 * MIN)).toMatchObject({ params: { d: 0, h: 0, m: 0 } });
  });

  it('measures an open case to now and a closed one to its closure', () => {
    const now = Date.parse('2026-11-28T12:00:00+08:00');
    const open = caseClock({ reportedAt: '2026-11-28T09:00:00+08:00', deadline: '2026-11-28T11:00:00+08:00', closedAt: null }, now);
    expect(open).toEqual({ ageMs: 180 * MIN, overdueMs: 60 * MIN });
    const early = caseClock({ reportedAt: '2026-11-28T09:00:00+08:00', deadline: '2026-11-28T13:30:00+08:00', closedAt: null }, now);
    expect(early.overdueMs).toBe(-90 * MIN);
    const closed = caseClock({ reportedAt: '2026-11-28T09:00:00+08:00', deadline: null, closedAt: '2026-11-28T10:00:00+08:00' }, now);
    expect(closed).toEqual({ ageMs: 60 * MIN, overdueMs: null });
  });

  it('prints the city’s local digits of a server time', () => {
    expect(formatDayTime('2026-11-28T09:05:00+08:00')).toBe('11-28 09:05');
    expect(formatDayTime(null)).toBe('—');
  });
});

describe('a case against its deadline', () => {
  it('is overdue by, has time left, or has no deadline', () => {
    expect(standingOf(90 * MIN)).toEqual({ key: 'tablet.cases.overdueBy', span: { key: 'tablet.duration.hours', params: { d: 0, h: 1, m: 30 } }, bad: true });
    expect(standingOf(-5 * MIN)).toEqual({ key: 'tablet.cases.dueIn', span: { key: 'tablet.duration.minutes', params: { d: 0, h: 0, m: 5 } }, bad: false });
    expect(standingOf(0)).toMatchObject({ key: 'tablet.cases.dueIn', bad: false });
    expect(standingOf(null)).toEqual({ key: 'tablet.cases.noDeadline', span: null, bad: false });
  });
});
