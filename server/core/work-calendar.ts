import chineseDays from 'chinese-days';
import { HOUR_MS, type LocalTime } from './local-time';

/** Office hours as local "HH:MM" pairs, in order, e.g. [["09:00","12:00"],["14:00","18:00"]]. */
export interface OfficeHours {
  periods: Array<[string, string]>;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  periods: [
    ['09:00', '12:00'],
    ['14:00', '18:00'],
  ],
};

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
/** A limit that needs more than this many days has a broken calendar behind it. */
const SEARCH_DAYS = 3660;

function minuteOf(text: string): number {
  const match = HHMM.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minute <= 24 * 60)) throw new Error(`office hours: "${text}" is not a time of day HH:MM`);
  return minute;
}

/**
 * Working time in the configured zone: working days follow the official Chinese calendar
 * (holidays and 调休 make-up working days, via chinese-days; plain weekdays outside the years
 * it covers), and working hours are the configured office periods of a working day
 * (docs/metrics.md#work-calendar).
 */
export class WorkCalendar {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly workdays = new Map<number, boolean>();

  constructor(
    private readonly time: LocalTime,
    officeHours: OfficeHours,
  ) {
    let previousEnd = 0;
    for (const [from, to] of officeHours.periods) {
      const start = minuteOf(from);
      const end = minuteOf(to);
      if (end <= start || start < previousEnd) {
        throw new Error(`office hours: periods must be in order and not overlap ("${from}"–"${to}")`);
      }
      this.starts.push(start);
      this.ends.push(end);
      previousEnd = end;
    }
    if (this.starts.length === 0) throw new Error('office hours: at least one period is needed');
  }

  isWorkday(day: number): boolean {
    let work = this.workdays.get(day);
    if (work === undefined) {
      work = chineseDays.isWorkday(this.time.formatDay(day));
      this.workdays.set(day, work);
    }
    return work;
  }

  /** The instant `hours` of office time after `from` (office time before `from` does not count). */
  addWorkHours(from: number, hours: number): number {
    let remaining = hours * HOUR_MS;
    if (remaining <= 0) return from;
    const first = this.time.dayOf(from);
    for (let day = first; day < first + SEARCH_DAYS; day += 1) {
      if (!this.isWorkday(day)) continue;
      for (let i = 0; i < this.starts.length; i += 1) {
        const start = Math.max(this.time.at(day, this.starts[i]), from);
        const end = this.time.at(day, this.ends[i]);
        if (start >= end) continue;
        if (remaining <= end - start) return start + remaining;
        remaining -= end - start;
      }
    }
    throw new Error(`no working time within ${SEARCH_DAYS} days of ${this.time.iso(from)}`);
  }

  /**
   * Convention for work-days limits: the registration day itself never counts (whatever the
   * hour, working day or not); the deadline is the end of the last office period of the Nth
   * working day after it. Registered Friday 10:00 with 1 work-day → Monday 18:00 (if a working day).
   */
  addWorkDays(from: number, days: number): number {
    let day = this.time.dayOf(from);
    for (let counted = 0, steps = 0; counted < days; steps += 1) {
      if (steps > SEARCH_DAYS) throw new Error(`no working day within ${SEARCH_DAYS} days of ${this.time.iso(from)}`);
      day += 1;
      if (this.isWorkday(day)) counted += 1;
    }
    return this.time.at(day, this.ends[this.ends.length - 1]);
  }
}
