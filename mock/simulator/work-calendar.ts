import chineseDays from 'chinese-days';
import type { TimeLimit } from '../../contract';
import { addDays, DAY_MS, HOUR_MS, MINUTE_MS, cityDay, cityDayStart } from '../shared/city-time';

export type OfficePeriods = ReadonlyArray<readonly [string, string]>;

export const DEFAULT_OFFICE_PERIODS: OfficePeriods = [
  ['09:00', '12:00'],
  ['14:00', '18:00'],
];

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The simulator's estimate of a case's deadline, so it can make most cases finish in time and
 * some late. The server computes the authoritative deadline; this follows the same rules
 * (office hours on working days of the official calendar, 调休 included; a work-days limit
 * ends with the office hours of the Nth working day after registration) with the default
 * office hours.
 */
export class WorkCalendar {
  private readonly periods: ReadonlyArray<readonly [number, number]>;
  private readonly workdays = new Map<string, boolean>();

  constructor(periods: OfficePeriods = DEFAULT_OFFICE_PERIODS) {
    this.periods = periods.map(([from, to]) => [minutesOf(from) * MINUTE_MS, minutesOf(to) * MINUTE_MS] as const);
  }

  isWorkday(day: string): boolean {
    let work = this.workdays.get(day);
    if (work === undefined) {
      work = chineseDays.isWorkday(day);
      this.workdays.set(day, work);
    }
    return work;
  }

  deadline(registeredAt: number, limit: TimeLimit): number {
    switch (limit.unit) {
      case 'urgent-hours':
        return registeredAt + limit.amount * HOUR_MS;
      case 'calendar-days':
        return registeredAt + limit.amount * DAY_MS;
      case 'work-hours':
        return this.addWorkMinutes(registeredAt, limit.amount * 60);
      case 'work-days':
        return this.endOfWorkdays(registeredAt, limit.amount);
    }
  }

  /** `at` itself during office hours of a working day, else the start of the next office period. */
  nextOfficeInstant(at: number): number {
    return this.addWorkMinutes(at, 0);
  }

  /** The end of office hours on the `days`-th working day after the registration day (which never counts). */
  private endOfWorkdays(from: number, days: number): number {
    let day = cityDay(from);
    for (let counted = 0, guard = 0; counted < days; guard += 1) {
      if (guard > 400) throw new Error(`no working day within 400 days of ${new Date(from).toISOString()}`);
      day = addDays(day, 1);
      if (this.isWorkday(day)) counted += 1;
    }
    return cityDayStart(day) + this.periods[this.periods.length - 1][1];
  }

  private addWorkMinutes(from: number, minutes: number): number {
    let remaining = minutes * MINUTE_MS;
    let day = cityDay(from);
    let at = from;
    // A year of consecutive rest days does not exist; the bound only guards a broken calendar.
    for (let guard = 0; guard < 400; guard += 1) {
      const start = cityDayStart(day);
      if (this.isWorkday(day)) {
        for (const [open, close] of this.periods) {
          const periodEnd = start + close;
          if (at >= periodEnd) continue;
          const begin = Math.max(at, start + open);
          if (remaining <= periodEnd - begin) return begin + remaining;
          remaining -= periodEnd - begin;
          at = periodEnd;
        }
      }
      day = cityDay(start + DAY_MS);
      at = start + DAY_MS;
    }
    throw new Error(`no working time within 400 days of ${new Date(from).toISOString()}`);
  }
}
