import chineseDays from 'chinese-days';
import type { TimeLimit } from './categories';

/**
 * Working time, shared by the server (the authoritative deadlines) and the simulator (its
 * estimate of them). Imported by path, not through `contract/index.ts`: the browser never needs
 * it, nor the official calendar's tables.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MINUTES_A_DAY = 24 * 60;

/**
 * Office hours as local "HH:MM" pairs, in order, e.g. [["09:00","12:00"],["14:00","18:00"]].
 * A time runs from 00:00 to 24:00; 24:00 is the midnight that ends the day.
 */
export interface OfficeHours {
  periods: Array<[string, string]>;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  periods: [
    ['09:00', '12:00'],
    ['14:00', '18:00'],
  ],
};

/** Office hours that cannot be worked with; the message says which part and why. */
export class OfficeHoursError extends Error {}

const HH_MM = /^(\d\d):(\d\d)$/;

/** Minute of the day of "HH:MM", from 00:00 to 24:00. */
export function minuteOfDay(text: string): number {
  const match = HH_MM.exec(text);
  const hours = match ? Number(match[1]) : Number.NaN;
  const minutes = match ? Number(match[2]) : Number.NaN;
  const minute = hours * 60 + minutes;
  if (!(minutes < 60 && minute <= MINUTES_A_DAY)) throw new OfficeHoursError(`"${text}" is not a time of day HH:MM from 00:00 to 24:00`);
  return minute;
}

/** The periods as minutes of the day, checked: at least one, each ending after it starts, in order, none overlapping. */
export function officeMinutes(hours: OfficeHours): Array<[number, number]> {
  const minutes: Array<[number, number]> = [];
  let previous: [string, string] | undefined;
  for (const [from, to] of hours.periods) {
    const start = minuteOfDay(from);
    const end = minuteOfDay(to);
    if (end <= start) throw new OfficeHoursError(`office period ${from}-${to} ends before it starts`);
    if (previous && start < minuteOfDay(previous[1])) {
      throw new OfficeHoursError(`office period ${from}-${to} overlaps or precedes ${previous[0]}-${previous[1]}: periods must be in order and not overlap`);
    }
    minutes.push([start, end]);
    previous = [from, to];
  }
  if (minutes.length === 0) throw new OfficeHoursError('office hours need at least one period');
  return minutes;
}

/** `09:00-12:00,14:00-18:00` (ONESCREEN_OFFICE_HOURS) → office hours, checked like any others. */
export function parseOfficeHours(text: string): OfficeHours {
  const periods: Array<[string, string]> = [];
  for (const part of text.split(',')) {
    const [from, to, extra] = part.trim().split('-');
    if (extra !== undefined || !from || !to || !HH_MM.test(from) || !HH_MM.test(to)) {
      throw new OfficeHoursError(`"${part.trim()}" is not a period like 09:00-12:00`);
    }
    periods.push([from, to]);
  }
  const hours = { periods };
  officeMinutes(hours);
  return hours;
}

/**
 * Local days of one zone, numbered like epoch days of the wall clock (day n is the local date n
 * days after 1970-01-01): the server's LocalTime, or the simulator's fixed-offset city days.
 */
export interface LocalDays {
  dayOf(ms: number): number;
  /** Instant of wall-clock minute `minute` (0 to 1440) of local day `day`. */
  at(day: number, minute: number): number;
  /** `YYYY-MM-DD` of a day number. */
  formatDay(day: number): string;
}

/** A limit that needs more than this many days has a broken calendar behind it. */
const SEARCH_DAYS = 3660;

const isoOf = (ms: number): string => new Date(ms).toISOString();

/**
 * Working time in one zone: working days follow the official Chinese calendar (holidays and 调休
 * make-up working days, via chinese-days; plain weekdays outside the years it covers), and
 * working hours are the office periods of a working day (docs/metrics.md#work-calendar).
 */
export class WorkCalendar {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly workdays = new Map<number, boolean>();

  constructor(
    private readonly days: LocalDays,
    officeHours: OfficeHours,
  ) {
    for (const [start, end] of officeMinutes(officeHours)) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  isWorkday(day: number): boolean {
    let work = this.workdays.get(day);
    if (work === undefined) {
      work = chineseDays.isWorkday(this.days.formatDay(day));
      this.workdays.set(day, work);
    }
    return work;
  }

  /** The instant `hours` of office time after `from` (office time before `from` does not count). */
  addWorkHours(from: number, hours: number): number {
    const remaining = hours * HOUR_MS;
    return remaining <= 0 ? from : this.addOfficeTime(from, remaining);
  }

  /** `at` itself during the office hours of a working day, else the start of the next office period. */
  nextOfficeInstant(at: number): number {
    return this.addOfficeTime(at, 0);
  }

  /**
   * Convention for work-days limits: the registration day itself never counts (whatever the
   * hour, working day or not); the deadline is the end of the last office period of the Nth
   * working day after it. Registered Friday 10:00 with 1 work-day → Monday 18:00 (if a working day).
   */
  addWorkDays(from: number, days: number): number {
    let day = this.days.dayOf(from);
    for (let counted = 0, steps = 0; counted < days; steps += 1) {
      if (steps > SEARCH_DAYS) throw new Error(`no working day within ${SEARCH_DAYS} days of ${isoOf(from)}`);
      day += 1;
      if (this.isWorkday(day)) counted += 1;
    }
    return this.days.at(day, this.ends[this.ends.length - 1]);
  }

  private addOfficeTime(from: number, ms: number): number {
    let remaining = ms;
    const first = this.days.dayOf(from);
    for (let day = first; day < first + SEARCH_DAYS; day += 1) {
      if (!this.isWorkday(day)) continue;
      for (let i = 0; i < this.starts.length; i += 1) {
        const start = Math.max(this.days.at(day, this.starts[i]), from);
        const end = this.days.at(day, this.ends[i]);
        if (start >= end) continue;
        if (remaining <= end - start) return start + remaining;
        remaining -= end - start;
      }
    }
    throw new Error(`no working time within ${SEARCH_DAYS} days of ${isoOf(from)}`);
  }
}

/** Deadline of a case registered at `registeredAt` under a catalogue time limit (docs/metrics.md#deadline). */
export function deadlineAfter(limit: TimeLimit, registeredAt: number, calendar: WorkCalendar): number {
  switch (limit.unit) {
    case 'calendar-days':
      return registeredAt + limit.amount * DAY_MS;
    case 'urgent-hours':
      return registeredAt + limit.amount * HOUR_MS;
    case 'work-hours':
      return calendar.addWorkHours(registeredAt, limit.amount);
    case 'work-days':
      return calendar.addWorkDays(registeredAt, limit.amount);
  }
}
