import { levelOfCode } from '../../contract';
import { periodHolding, periodQuery, pickOf, type PeriodPick } from '../figures/evaluation';

/** What a tablet URL opens: a scope (or the district chooser), a day (or live today), a case and the 考核 section's period. */
export interface TabletLocation {
  scope: string | null;
  /** A past day YYYY-MM-DD; null is today, live. */
  date: string | null;
  caseId: string | null;
  /** On a past day, the local time HH:MM it is shown at (the scrubber); absent: the whole day. */
  time?: string;
  /** The 考核 section's period, as the API's `period` (or `from`/`to`) names it; absent: this month. */
  period?: PeriodPick;
}

/** A URL part that cannot be opened: shown to the reader instead of any data. */
export type LocationProblem = { kind: 'scope'; value: string } | { kind: 'date'; value: string };

export interface ParsedLocation {
  location: TabletLocation;
  problem: LocationProblem | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_CASE_ID = 64;

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Reads `scope`, `date`, `case`, `time` and `period` of a page's query; a malformed scope or date is dropped and reported. */
export function parseTabletLocation(search: string): ParsedLocation {
  const params = new URLSearchParams(search);
  const scope = params.get('scope');
  const date = params.get('date');
  const caseId = params.get('case');
  let problem: LocationProblem | null = null;
  const location: TabletLocation = { scope: null, date: null, caseId: null };
  if (scope !== null && scope !== '') {
    if (levelOfCode(scope) !== undefined) location.scope = scope;
    else problem = { kind: 'scope', value: scope };
  }
  if (date !== null && date !== '') {
    if (isCalendarDate(date)) location.date = date;
    else problem ??= { kind: 'date', value: date };
  }
  if (caseId !== null && caseId !== '' && caseId.length <= MAX_CASE_ID) location.caseId = caseId;
  // A time belongs to a past day; a malformed one shows the whole day.
  const time = params.get('time');
  if (location.date !== null && time !== null && TIME.test(time)) location.time = time;
  // Whether the picker offers the period is known once the retained days are (`isOfferedPeriod`).
  const period = pickOf(params);
  if (period !== null) location.period = period;
  return { location, problem };
}

/** The page's query with the location written in; every other parameter (lang) is kept. */
export function tabletSearch(search: string, location: TabletLocation): string {
  const params = new URLSearchParams(search);
  const set = (name: string, value: string | null): void => {
    if (value === null) params.delete(name);
    else params.set(name, value);
  };
  set('scope', location.scope);
  set('date', location.date);
  set('case', location.caseId);
  set('time', location.date === null ? null : (location.time ?? null));
  for (const name of ['period', 'from', 'to']) params.delete(name);
  if (location.period) for (const [name, value] of Object.entries(periodQuery(location.period))) params.set(name, value);
  return `?${params.toString()}`;
}

const periodKey = (period: PeriodPick | undefined): string => (period ? new URLSearchParams(periodQuery(period)).toString() : '');

export const sameLocation = (a: TabletLocation, b: TabletLocation): boolean =>
  a.scope === b.scope && a.date === b.date && a.caseId === b.caseId && a.time === b.time && periodKey(a.period) === periodKey(b.period);

/**
 * Whether the 考核 section's picker offers a period, so a URL's period can be shown: a real
 * month, quarter or year that overlaps the retained days up to today, or a range of real days
 * within them. Any other is not shown (the section shows this month).
 */
export function isOfferedPeriod(period: PeriodPick, first: string, today: string): boolean {
  if (period.kind === 'custom') {
    return isCalendarDate(period.from) && isCalendarDate(period.to) && first <= period.from && period.from <= period.to && period.to <= today;
  }
  const { kind, name } = period;
  const holding = (day: string): string => {
    const held = periodHolding(kind, day);
    return 'name' in held ? held.name : day;
  };
  const real = kind !== 'month' || isCalendarDate(`${name}-01`);
  return real && holding(first) <= name && name <= holding(today);
}
