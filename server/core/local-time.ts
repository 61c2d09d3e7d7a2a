import { DateTime, IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Local wall-clock arithmetic in one IANA zone without calling luxon or Intl per event.
 * Local days are numbered like epoch days of the wall clock: day n is the local date n days
 * after 1970-01-01. Offsets are cached per UTC day; only a day containing an offset change
 * (a DST switch) asks luxon per call.
 */
export class LocalTime {
  readonly zone: string;
  private readonly offsets = new Map<number, number>();
  private readonly starts = new Map<number, number>();
  private lastUtcDay = Number.NaN;
  private lastOffset = 0;

  constructor(zone: string) {
    if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone "${zone}"`);
    this.zone = zone;
  }

  /** Offset of local time from UTC at `ms`, in ms. */
  offsetAt(ms: number): number {
    const utcDay = Math.floor(ms / DAY_MS);
    if (utcDay === this.lastUtcDay) return this.lastOffset;
    let offset = this.offsets.get(utcDay);
    if (offset === undefined) {
      const first = this.zoneOffset(utcDay * DAY_MS);
      offset = first === this.zoneOffset(utcDay * DAY_MS + DAY_MS - 1) ? first : Number.NaN;
      this.offsets.set(utcDay, offset);
    }
    if (Number.isNaN(offset)) return this.zoneOffset(ms);
    this.lastUtcDay = utcDay;
    this.lastOffset = offset;
    return offset;
  }

  /** Wall-clock time at `ms` expressed as ms since 1970-01-01T00:00 local. */
  local(ms: number): number {
    return ms + this.offsetAt(ms);
  }

  dayOf(ms: number): number {
    return Math.floor(this.local(ms) / DAY_MS);
  }

  hourOf(ms: number): number {
    const local = this.local(ms);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / HOUR_MS);
  }

  /** First instant of local day `day` (epoch ms). */
  dayStart(day: number): number {
    let start = this.starts.get(day);
    if (start === undefined) {
      const date = new Date(day * DAY_MS);
      start = DateTime.fromObject(
        { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
        { zone: this.zone },
      ).toMillis();
      this.starts.set(day, start);
    }
    return start;
  }

  /** Instant of wall-clock minute `minute` of local day `day`. */
  at(day: number, minute: number): number {
    const local = day * DAY_MS + minute * MINUTE_MS;
    const guess = local - this.offsetAt(local);
    return local - this.offsetAt(guess);
  }

  formatDay(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /** Day number of a `YYYY-MM-DD` calendar date, or undefined when it is not one. */
  parseDay(text: string): number | undefined {
    const match = DAY_PATTERN.exec(text);
    if (!match) return undefined;
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
    return ms / DAY_MS;
  }

  /** ISO 8601 with the zone's offset, e.g. 2026-11-28T10:00:00+08:00 (milliseconds only when not zero). */
  iso(ms: number): string {
    const offset = this.offsetAt(ms);
    const text = new Date(ms + offset).toISOString();
    const body = ms % 1000 === 0 ? text.slice(0, 19) : text.slice(0, 23);
    const minutes = Math.abs(offset) / MINUTE_MS;
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${body}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
  }

  private zoneOffset(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.zone }).offset * MINUTE_MS;
  }
}
