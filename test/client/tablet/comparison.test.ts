import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCount, compareKpi, compareRate, referenceDays, shiftDate } from '../../../client/tablet/comparison';
import { formatRate } from '../../../client/composables/format';
import { summaryOf } from '../fixtures';

describe('changes against a reference day', () => {
  it('gives a count’s signed difference, its magnitude as text, and no tone', () => {
    expect(compareCount(120, 100)).toEqual({ direction: 'up', tone: 'neutral', delta: 20, text: '20' });
    expect(compareCount(80, 100)).toEqual({ direction: 'down', tone: 'neutral', delta: -20, text: '20' });
    expect(compareCount(5, 5)).toEqual({ direction: 'flat', tone: 'neutral', delta: 0, text: '0' });
  });

  it('says nothing when a side is unknown', () => {
    expect(compareCount(5, null)).toBeNull();
    expect(compareCount(undefined, 5)).toBeNull();
    expect(compareRate('closureRate', 0.5, null)).toBeNull();
    expect(compareRate('closureRate', null, 0.5)).toBeNull();
  });

  it('gives rates in percentage points, good when a rate rises and bad when rework rises', () => {
    expect(compareRate('closureRate', 0.934, 0.92)).toEqual({ direction: 'up', tone: 'good', delta: 0.014, text: '1.4pp' });
    expect(compareRate('onTimeHandlingRate', 0.9, 0.95)).toEqual({ direction: 'down', tone: 'bad', delta: -0.05, text: '5.0pp' });
    expect(compareRate('reworkRate', 0.1, 0.05)).toMatchObject({ direction: 'up', tone: 'bad' });
    expect(compareRate('reworkRate', 0.05, 0.1)).toMatchObject({ direction: 'down', tone: 'good' });
    expect(compareRate('handlingRate', 0.5, 0.5)).toMatchObject({ direction: 'flat', tone: 'neutral', text: '0.0pp' });
  });

  it('never contradicts the two rates shown: the change is the difference of the printed figures', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const change = compareRate('closureRate', a, b);
        const shown = (v: number): number => Number(formatRate(v).slice(0, -1));
        const expected = Math.round((shown(a) - shown(b)) * 10) / 10;
        expect(change?.delta).toBeCloseTo(expected / 100, 10);
        expect(change?.direction).toBe(expected > 0 ? 'up' : expected < 0 ? 'down' : 'flat');
      }),
    );
  });

  it('compares the day’s counts but not open and overdue, which are values of now', () => {
    const today = summaryOf('2026-11-28', { reported: 50, open: 30, overdue: 4 });
    const before = summaryOf('2026-11-27', { reported: 40, open: 30, overdue: 4 });
    expect(compareKpi('reported', today, before)?.delta).toBe(10);
    expect(compareKpi('open', today, before)).toBeNull();
    expect(compareKpi('overdue', today, before)).toBeNull();
    expect(compareKpi('reported', today, null)).toBeNull();
  });
});

describe('reference days', () => {
  it('are the day before and the same weekday a week before, across months, years and leap days', () => {
    expect(referenceDays('2026-11-28')).toEqual({ previous: '2026-11-27', lastWeek: '2026-11-21' });
    expect(referenceDays('2026-03-01')).toEqual({ previous: '2026-02-28', lastWeek: '2026-02-22' });
    expect(referenceDays('2024-03-01')).toEqual({ previous: '2024-02-29', lastWeek: '2024-02-23' });
    expect(referenceDays('2027-01-03')).toEqual({ previous: '2027-01-02', lastWeek: '2026-12-27' });
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('keep the weekday a week back', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        const { lastWeek } = referenceDays(day);
        expect(new Date(`${lastWeek}T00:00:00Z`).getUTCDay()).toBe(new Date(`${day}T00:00:00Z`).getUTCDay());
        expect(shiftDate(lastWeek, 7)).toBe(day);
      }),
    );
  });
});
