import { DateTime } from 'luxon';
import { readonly, ref, type Ref } from 'vue';
import { useApi } from './use-api';

/**
 * The city's time zone (`ONESCREEN_TZ`, from `/api/v1/me`), in which the page shows the time:
 * a wall or tablet whose machine keeps another zone still reads as the command centre's.
 * Null until the server has answered.
 */
export function useCityZone(): Readonly<Ref<string | null>> {
  const zone = ref<string | null>(null);
  useApi()
    .me()
    .then(
      (me) => (zone.value = me.timeZone),
      // The page says what is wrong where it needs the token's answer; the clock stays blank.
      () => undefined,
    );
  return readonly(zone);
}

/** The instants a local day of the city starts and ends (23 or 25 hours apart on a DST change). */
export function dayBounds(date: string, zone: string): { start: number; end: number } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/** The instant of a local day's wall-clock time HH:MM in the city (a time a DST change skips moves on past the gap). */
export const instantOf = (date: string, time: string, zone: string): number => DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();

/** The city's local day YYYY-MM-DD of an instant. */
export const localDateOf = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');

/** An instant written as the server writes times: ISO 8601 with the city's offset. */
export const cityIso = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).toISO() ?? new Date(ms).toISOString();

/**
 * The instant of another local day at the same wall-clock time as `ms` (10:42 yesterday for
 * 10:42 today), in the city's zone: a time a DST change skips on that day moves on past the gap.
 */
export function sameTimeOn(date: string, ms: number, zone: string): number {
  const time = DateTime.fromMillis(ms, { zone });
  return DateTime.fromISO(date, { zone })
    .set({ hour: time.hour, minute: time.minute, second: time.second, millisecond: time.millisecond })
    .toMillis();
}
