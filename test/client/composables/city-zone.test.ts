import { describe, expect, it } from 'vitest';
import { cityIso, dayBounds, instantOf, localDateOf, sameTimeOn } from '../../../client/composables/use-city-zone';

const HOUR = 3_600_000;

describe('city zone helpers', () => {
  it('take days and times of day in the city’s zone, whatever the zone of the machine', () => {
    const { start, end } = dayBounds('2026-11-28', 'Asia/Shanghai');
    expect(new Date(start).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(end - start).toBe(24 * HOUR);
    const now = Date.parse('2026-11-28T10:42:17+08:00');
    expect(cityIso(sameTimeOn('2026-11-27', now, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-11-27T10:42:17.000+08:00');
    expect(localDateOf(Date.parse('2026-11-27T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-28');
    expect(instantOf('2026-11-27', '14:00', 'Asia/Shanghai')).toBe(Date.parse('2026-11-27T14:00:00+08:00'));
  });

  it('keep the wall-clock time across a DST change where the zone has one', () => {
    // New York springs forward on 2026-03-08 (02:00 → 03:00) and falls back on 2026-11-01.
    expect(dayBounds('2026-03-08', 'America/New_York').end - dayBounds('2026-03-08', 'America/New_York').start).toBe(23 * HOUR);
    expect(dayBounds('2026-11-01', 'America/New_York').end - dayBounds('2026-11-01', 'America/New_York').start).toBe(25 * HOUR);
    const afterSpring = Date.parse('2026-03-09T10:00:00-04:00');
    // The same 10:00 a day and a week before: an hour more than 24 h back across the change.
    expect(cityIso(sameTimeOn('2026-03-08', afterSpring, 'America/New_York'), 'America/New_York')).toBe('2026-03-08T10:00:00.000-04:00');
    expect(cityIso(sameTimeOn('2026-03-02', afterSpring, 'America/New_York'), 'America/New_York')).toBe('2026-03-02T10:00:00.000-05:00');
    expect(afterSpring - sameTimeOn('2026-03-02', afterSpring, 'America/New_York')).toBe(7 * 24 * HOUR - HOUR);
    // 02:30 does not exist on 2026-03-08: the instant just past the gap.
    expect(cityIso(sameTimeOn('2026-03-08', Date.parse('2026-03-09T02:30:00-04:00'), 'America/New_York'), 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
  });
});
