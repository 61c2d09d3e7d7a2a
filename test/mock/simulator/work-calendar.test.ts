import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../mock/simulator/work-calendar';

const at = (local: string): number => Date.parse(`${local}+08:00`);
const calendar = new WorkCalendar();

describe("the simulator's deadline estimate", () => {
  it('counts urgent hours and calendar days straight through nights and holidays', () => {
    expect(calendar.deadline(at('2026-10-01T23:30:00'), { unit: 'urgent-hours', amount: 2 })).toBe(at('2026-10-02T01:30:00'));
    expect(calendar.deadline(at('2026-11-27T10:00:00'), { unit: 'calendar-days', amount: 3 })).toBe(at('2026-11-30T10:00:00'));
  });

  it('counts work hours in office periods only, skipping lunch and the night', () => {
    expect(calendar.deadline(at('2026-11-27T11:00:00'), { unit: 'work-hours', amount: 2 })).toBe(at('2026-11-27T15:00:00'));
    expect(calendar.deadline(at('2026-11-26T17:30:00'), { unit: 'work-hours', amount: 1 })).toBe(at('2026-11-27T09:30:00'));
    expect(calendar.deadline(at('2026-11-26T20:00:00'), { unit: 'work-hours', amount: 1 })).toBe(at('2026-11-27T10:00:00'));
  });

  it('skips weekends and public holidays, and works on make-up days (调休)', () => {
    // Friday 17:00 + 2 h: Monday 10:00.
    expect(calendar.deadline(at('2026-11-27T17:00:00'), { unit: 'work-hours', amount: 2 })).toBe(at('2026-11-30T10:00:00'));
    // 30 Sep 17:00 + 2 h: the National Day week is off, 8 Oct is the next working day.
    expect(calendar.deadline(at('2026-09-30T17:00:00'), { unit: 'work-hours', amount: 2 })).toBe(at('2026-10-08T10:00:00'));
    // Sunday 20 Sep 2026 is a make-up working day.
    expect(calendar.deadline(at('2026-09-19T10:00:00'), { unit: 'work-hours', amount: 1 })).toBe(at('2026-09-20T10:00:00'));
  });

  it('ends a work-days limit with the office hours of the Nth working day after registration', () => {
    expect(calendar.deadline(at('2026-11-27T09:00:00'), { unit: 'work-days', amount: 1 })).toBe(at('2026-11-30T18:00:00'));
    expect(calendar.deadline(at('2026-11-27T14:00:00'), { unit: 'work-days', amount: 2 })).toBe(at('2026-12-01T18:00:00'));
    expect(calendar.deadline(at('2026-09-30T09:00:00'), { unit: 'work-days', amount: 3 })).toBe(at('2026-10-10T18:00:00'));
  });

  it('moves an instant outside office hours to the next office period', () => {
    expect(calendar.nextOfficeInstant(at('2026-11-27T12:30:00'))).toBe(at('2026-11-27T14:00:00'));
    expect(calendar.nextOfficeInstant(at('2026-11-27T10:15:00'))).toBe(at('2026-11-27T10:15:00'));
    expect(calendar.nextOfficeInstant(at('2026-11-28T10:15:00'))).toBe(at('2026-11-30T09:00:00'));
  });
});
