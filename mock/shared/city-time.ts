import type { LocalDays } from '../../contract/work-calendar';

/**
 * Times of the demo city. Chongqing keeps UTC+08:00 all year (China has had no daylight
 * saving since 1991), so a fixed offset is exact and much faster than a zone lookup per event.
 */
export const CITY_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The city's local days as the shared WorkCalendar counts them (day n: n days after 1970-01-01). */
export const CITY_DAYS: LocalDays = {
  dayOf: (ms) => Math.floor((ms + CITY_OFFSET_MS) / DAY_MS),
  at: (day, minute) => day * DAY_MS + minute * MINUTE_MS - CITY_OFFSET_MS,
  formatDay: (day) => new Date(day * DAY_MS).toISOString().slice(0, 10),
};

/** ISO 8601 with the city's offset, to the second: `2026-11-28T09:15:02+08:00`. */
export function cityIso(ms: number): string {
  return `${new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Local day `YYYY-MM-DD` of an instant. */
export function cityDay(ms: number): string {
  return new Date(ms + CITY_OFFSET_MS).toISOString().slice(0, 10);
}

/** Instant of local midnight starting a `YYYY-MM-DD` day. */
export function cityDayStart(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new Error(`not a date (YYYY-MM-DD): ${day}`);
  return ms - CITY_OFFSET_MS;
}

export function addDays(day: string, days: number): string {
  return cityDay(cityDayStart(day) + days * DAY_MS);
}

/** Local hour 0..23 of an instant. */
export function cityHour(ms: number): number {
  return Math.floor((((ms + CITY_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS);
}

/** Local day of week, 0 = Sunday. */
export function cityWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** `YYYYMMDD` of a `YYYY-MM-DD` day, as used in case ids. */
export function compactDay(day: string): string {
  return day.replaceAll('-', '');
}
