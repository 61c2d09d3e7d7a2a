/** How numbers read on the screen; `data-metric` texts use the same functions. */
export const NONE = '—';

export const formatCount = (value: number | null | undefined): string =>
  value === null || value === undefined ? NONE : String(Math.round(value));

/** Counts from here on are shown in a larger unit. */
export const SHORT_FROM = 10_000;

/** The units a count is shown in, largest first: Chinese counts in 万 and 亿, English in k, M and B. */
const UNITS: Record<'zh' | 'en', readonly (readonly [size: number, unit: string])[]> = {
  zh: [
    [1e8, '亿'],
    [1e4, '万'],
  ],
  en: [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ],
};

/**
 * A count as a wall shows it from across the room, as Chinese walls do: exact below 10,000,
 * then 1.2万, 12.3万, 100万 (English 12.3k, 1.2M). The exact figure stays in `formatCount`.
 */
export function formatCountShort(value: number | null | undefined, lang: 'zh' | 'en'): string {
  if (value === null || value === undefined) return NONE;
  const count = Math.round(value);
  if (Math.abs(count) < SHORT_FROM) return String(count);
  const units = UNITS[lang];
  // The largest unit the count reaches once rounded to a tenth of it (999,999 is 100万, 1.0M).
  const index = units.findIndex(([size]) => Math.abs(count) >= size * 0.99995);
  const [size, unit] = units[index === -1 ? units.length - 1 : index];
  const amount = count / size;
  return `${Math.abs(amount) >= 99.95 ? Math.round(amount) : amount.toFixed(1)}${unit}`;
}

/** A rate 0–1 as a percentage with one decimal, e.g. `93.4%`. */
export const formatRate = (value: number | null | undefined): string =>
  value === null || value === undefined ? NONE : `${(value * 100).toFixed(1)}%`;

export const formatMinutes = (value: number | null | undefined): string =>
  value === null || value === undefined ? NONE : value >= 100 ? String(Math.round(value)) : value.toFixed(1);

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** HH:MM:SS of an instant in a zone: the city's, whatever the zone of the browser showing it. */
export const formatClock = (epochMs: number, timeZone: string): string => {
  let format = clockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  return format.format(epochMs);
};

const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})/;

/**
 * HH:MM of a server time. The server writes times in the city's zone with their offset, so
 * the digits are the city's local time whatever the zone of the browser showing them.
 */
export const formatHourMinute = (iso: string): string => {
  const match = LOCAL_ISO.exec(iso);
  return match ? `${match[1]}:${match[2]}` : NONE;
};

/** The city-local hour of a server time, or undefined. */
export const hourOf = (iso: string): number | undefined => {
  const match = LOCAL_ISO.exec(iso);
  return match ? Number(match[1]) : undefined;
};

/** The day before a local YYYY-MM-DD date. */
export const previousDate = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d - 1));
  return day.toISOString().slice(0, 10);
};
