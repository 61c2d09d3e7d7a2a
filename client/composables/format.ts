/** How numbers read on the screen; `data-metric` texts use the same functions. */
export const NONE = '—';

export const formatCount = (value: number | null | undefined): string =>
  value === null || value === undefined ? NONE : String(Math.round(value));

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
