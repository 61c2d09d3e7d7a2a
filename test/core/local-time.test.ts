import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../server/core/local-time';

describe('local time', () => {
  it('buckets days and hours in the zone', () => {
    const shanghai = new LocalTime('Asia/Shanghai');
    const lateNight = Date.parse('2026-11-27T16:30:00Z');
    expect(shanghai.formatDay(shanghai.dayOf(lateNight))).toBe('2026-11-28');
    expect(shanghai.hourOf(lateNight)).toBe(0);
    expect(shanghai.dayStart(shanghai.dayOf(lateNight))).toBe(Date.parse('2026-11-28T00:00:00+08:00'));
    expect(shanghai.iso(lateNight)).toBe('2026-11-28T00:30:00+08:00');
    expect(shanghai.iso(lateNight + 5)).toBe('2026-11-28T00:30:00.005+08:00');
  });

  it('handles a zone with daylight saving on the switch days', () => {
    const berlin = new LocalTime('Europe/Berlin');
    const day = berlin.parseDay('2026-03-29') ?? Number.NaN;
    expect(berlin.dayStart(day + 1) - berlin.dayStart(day)).toBe(23 * 3_600_000);
    expect(berlin.hourOf(Date.parse('2026-03-29T00:30:00Z'))).toBe(1);
    expect(berlin.hourOf(Date.parse('2026-03-29T01:30:00Z'))).toBe(3);
    expect(berlin.iso(Date.parse('2026-03-29T01:30:00Z'))).toBe('2026-03-29T03:30:00+02:00');
    expect(berlin.at(day, 9 * 60)).toBe(Date.parse('2026-03-29T09:00:00+02:00'));
  });

  it('parses calendar dates strictly', () => {
    const time = new LocalTime('Asia/Shanghai');
    expect(time.parseDay('2026-02-28')).toBeTypeOf('number');
    expect(time.parseDay('2026-02-30')).toBeUndefined();
    expect(time.parseDay('2026-2-3')).toBeUndefined();
    expect(time.parseDay('yesterday')).toBeUndefined();
  });

  it('refuses an unknown zone', () => {
    expect(() => new LocalTime('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
