import { describe, expect, it } from 'vitest';
import type { LimitUnit } from '../../contract';
import {
  DEFAULT_OFFICE_HOURS,
  OfficeHoursError,
  WorkCalendar,
  deadlineAfter,
  minuteOfDay,
  parseOfficeHours,
} from '../../contract/work-calendar';
import { CITY_DAYS } from '../../mock/shared/city-time';
import { LocalTime } from '../../server/core/local-time';

const time = new LocalTime('Asia/Shanghai');
const calendar = new WorkCalendar(time, DEFAULT_OFFICE_HOURS);
/** The simulator's estimate: the same calendar over the demo city's fixed-offset days. */
const simulated = new WorkCalendar(CITY_DAYS, DEFAULT_OFFICE_HOURS);
const at = (local: string) => Date.parse(`${local}+08:00`);

// Office hours 09:00–12:00 and 14:00–18:00. 2026: National Day 10-01..10-07 off, make-up
// working days Sun 09-20 and Sat 10-10 (调休); 11-27 is a Friday.
const table: Array<[string, LimitUnit, number, string, string]> = [
  ['work-hours inside a morning', 'work-hours', 2, '2026-11-25T10:00:00', '2026-11-25T12:00:00'],
  ['work-hours across lunch', 'work-hours', 2, '2026-11-25T11:00:00', '2026-11-25T15:00:00'],
  ['work-hours registered at lunch', 'work-hours', 1, '2026-11-25T12:30:00', '2026-11-25T15:00:00'],
  ['work-hours ending exactly at noon', 'work-hours', 3, '2026-11-25T09:00:00', '2026-11-25T12:00:00'],
  ['work-hours into the next morning', 'work-hours', 4, '2026-11-25T17:00:00', '2026-11-26T12:00:00'],
  ['work-hours registered in the evening', 'work-hours', 2, '2026-11-25T19:00:00', '2026-11-26T11:00:00'],
  ['work-hours registered before opening', 'work-hours', 1, '2026-11-25T06:00:00', '2026-11-25T10:00:00'],
  ['work-hours over a weekend', 'work-hours', 1, '2026-11-27T17:30:00', '2026-11-30T09:30:00'],
  ['work-hours registered on a Saturday', 'work-hours', 8, '2026-11-28T10:00:00', '2026-12-01T10:00:00'],
  ['work-hours over the National Day holiday', 'work-hours', 4, '2026-09-30T16:00:00', '2026-10-08T11:00:00'],
  ['work-hours onto a make-up Saturday', 'work-hours', 2, '2026-10-09T17:00:00', '2026-10-10T10:00:00'],
  ['work-hours onto a make-up Sunday', 'work-hours', 1, '2026-09-19T10:00:00', '2026-09-20T10:00:00'],
  ['urgent-hours run around the clock', 'urgent-hours', 2, '2026-11-28T23:30:00', '2026-11-29T01:30:00'],
  ['urgent-hours through a holiday', 'urgent-hours', 1, '2026-10-01T08:15:00', '2026-10-01T09:15:00'],
  ['calendar-days count holidays', 'calendar-days', 3, '2026-09-30T16:00:00', '2026-10-03T16:00:00'],
  ['calendar-days over a weekend', 'calendar-days', 7, '2026-11-27T08:00:00', '2026-12-04T08:00:00'],
  ['work-days from a Friday', 'work-days', 1, '2026-11-27T10:00:00', '2026-11-30T18:00:00'],
  ['work-days registered late still start the next day', 'work-days', 1, '2026-11-25T23:00:00', '2026-11-26T18:00:00'],
  ['work-days from a Sunday', 'work-days', 1, '2026-11-29T10:00:00', '2026-11-30T18:00:00'],
  ['work-days over the holiday', 'work-days', 2, '2026-09-30T10:00:00', '2026-10-09T18:00:00'],
  ['work-days onto a make-up Saturday', 'work-days', 2, '2026-10-08T10:00:00', '2026-10-10T18:00:00'],
];

describe('deadline after registration', () => {
  it.each(table)('%s: %s %d from %s → %s', (_name, unit, amount, registered, expected) => {
    expect(time.iso(deadlineAfter({ unit, amount }, at(registered), calendar))).toBe(`${expected}+08:00`);
    expect(deadlineAfter({ unit, amount }, at(registered), simulated)).toBe(at(expected));
  });

  it('follows configured office hours', () => {
    const early = new WorkCalendar(time, { periods: [['08:30', '12:00'], ['13:30', '17:30']] });
    expect(time.iso(early.addWorkHours(at('2026-11-25T11:00:00'), 2))).toBe('2026-11-25T14:30:00+08:00');
    expect(time.iso(early.addWorkDays(at('2026-11-25T11:00:00'), 1))).toBe('2026-11-26T17:30:00+08:00');
  });

  it('rejects office hours that are not in order or not times of day', () => {
    expect(() => new WorkCalendar(time, { periods: [['14:00', '18:00'], ['09:00', '12:00']] })).toThrow(/in order/);
    expect(() => new WorkCalendar(time, { periods: [['9h', '12:00']] })).toThrow(/HH:MM/);
    expect(() => new WorkCalendar(time, { periods: [] })).toThrow(/at least one/);
    expect(() => new WorkCalendar(CITY_DAYS, { periods: [['09:00', '12:00'], ['11:00', '18:00']] })).toThrow(OfficeHoursError);
  });

  it('ends an office period of 24:00 at the midnight that ends the day', () => {
    const late = new WorkCalendar(time, { periods: [['18:00', '24:00']] });
    const lateSimulated = new WorkCalendar(CITY_DAYS, { periods: [['18:00', '24:00']] });
    for (const days of [time, CITY_DAYS]) {
      const whole = new WorkCalendar(days, { periods: [['00:00', '24:00']] });
      // Wednesday 22:00 + 3 h: 2 h to midnight, the third from Thursday 00:00.
      expect(whole.addWorkHours(at('2026-11-25T22:00:00'), 3)).toBe(at('2026-11-26T01:00:00'));
      expect(whole.addWorkDays(at('2026-11-25T10:00:00'), 1)).toBe(at('2026-11-27T00:00:00'));
    }
    expect(late.addWorkHours(at('2026-11-25T23:00:00'), 2)).toBe(at('2026-11-26T19:00:00'));
    expect(lateSimulated.addWorkHours(at('2026-11-25T23:00:00'), 2)).toBe(at('2026-11-26T19:00:00'));
    expect(late.addWorkDays(at('2026-11-25T10:00:00'), 1)).toBe(at('2026-11-27T00:00:00'));
    expect(lateSimulated.nextOfficeInstant(at('2026-11-27T23:59:00'))).toBe(at('2026-11-27T23:59:00'));
    expect(lateSimulated.nextOfficeInstant(at('2026-11-28T10:00:00'))).toBe(at('2026-11-30T18:00:00'));
  });

  it('moves an instant outside office hours to the start of the next office period', () => {
    expect(simulated.nextOfficeInstant(at('2026-11-27T12:30:00'))).toBe(at('2026-11-27T14:00:00'));
    expect(simulated.nextOfficeInstant(at('2026-11-27T10:15:00'))).toBe(at('2026-11-27T10:15:00'));
    expect(simulated.nextOfficeInstant(at('2026-11-27T18:00:00'))).toBe(at('2026-11-30T09:00:00'));
    expect(simulated.nextOfficeInstant(at('2026-11-28T10:15:00'))).toBe(at('2026-11-30T09:00:00'));
    expect(calendar.nextOfficeInstant(at('2026-09-30T19:00:00'))).toBe(at('2026-10-08T09:00:00'));
  });

  it('knows the official calendar: holidays off, 调休 make-up days on', () => {
    const day = (date: string) => time.parseDay(date) ?? Number.NaN;
    expect(calendar.isWorkday(day('2026-10-01'))).toBe(false);
    expect(calendar.isWorkday(day('2026-10-07'))).toBe(false);
    expect(calendar.isWorkday(day('2026-10-08'))).toBe(true);
    expect(calendar.isWorkday(day('2026-10-10'))).toBe(true);
    expect(calendar.isWorkday(day('2026-10-11'))).toBe(false);
    expect(calendar.isWorkday(day('2026-11-30'))).toBe(true);
    expect(simulated.isWorkday(CITY_DAYS.dayOf(at('2026-09-20T12:00:00')))).toBe(true);
    expect(simulated.isWorkday(CITY_DAYS.dayOf(at('2026-10-01T00:00:00')))).toBe(false);
  });
});

describe('office hours', () => {
  it('reads times of day from 00:00 to 24:00', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('09:30')).toBe(570);
    expect(minuteOfDay('23:59')).toBe(1439);
    expect(minuteOfDay('24:00')).toBe(1440);
    for (const text of ['24:01', '25:00', '23:60', '9:00', '09:0', '0900', '09:00:00', ' 09:00', '', '-1:00', '0x:10', '１２:００']) {
      expect(() => minuteOfDay(text), text).toThrow(OfficeHoursError);
      expect(() => minuteOfDay(text), text).toThrow(`"${text}" is not a time of day HH:MM from 00:00 to 24:00`);
    }
  });

  it('parses ONESCREEN_OFFICE_HOURS, spaces around periods allowed', () => {
    expect(parseOfficeHours('09:00-12:00,14:00-18:00')).toEqual(DEFAULT_OFFICE_HOURS);
    expect(parseOfficeHours(' 08:30-12:00 , 13:30-17:30 ')).toEqual({ periods: [['08:30', '12:00'], ['13:30', '17:30']] });
    expect(parseOfficeHours('00:00-24:00')).toEqual({ periods: [['00:00', '24:00']] });
    expect(parseOfficeHours('09:00-12:00,18:00-24:00')).toEqual({ periods: [['09:00', '12:00'], ['18:00', '24:00']] });
    // Touching periods neither overlap nor go backwards.
    expect(parseOfficeHours('09:00-12:00,12:00-18:00')).toEqual({ periods: [['09:00', '12:00'], ['12:00', '18:00']] });
  });

  it('says what is wrong with a bad ONESCREEN_OFFICE_HOURS', () => {
    const cases: Array<[string, string]> = [
      ['', '"" is not a period like 09:00-12:00'],
      ['09:00-12:00,', '"" is not a period like 09:00-12:00'],
      ['9-12', '"9-12" is not a period like 09:00-12:00'],
      ['09:00', '"09:00" is not a period like 09:00-12:00'],
      ['09:00-12:00-14:00', '"09:00-12:00-14:00" is not a period like 09:00-12:00'],
      ['09:00 - 12:00', '"09:00 - 12:00" is not a period like 09:00-12:00'],
      ['09:00-24:30', '"24:30" is not a time of day HH:MM from 00:00 to 24:00'],
      ['24:00-24:00', 'office period 24:00-24:00 ends before it starts'],
      ['12:00-09:00', 'office period 12:00-09:00 ends before it starts'],
      ['09:00-09:00', 'office period 09:00-09:00 ends before it starts'],
      ['14:00-18:00,09:00-12:00', 'office period 09:00-12:00 overlaps or precedes 14:00-18:00: periods must be in order and not overlap'],
      ['09:00-12:00,11:59-18:00', 'office period 11:59-18:00 overlaps or precedes 09:00-12:00: periods must be in order and not overlap'],
    ];
    for (const [text, message] of cases) {
      expect(() => parseOfficeHours(text), text).toThrow(OfficeHoursError);
      expect(() => parseOfficeHours(text), text).toThrow(message);
    }
  });
});
