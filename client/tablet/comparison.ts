import type { Rate, Summary } from '../../contract';
import { formatHourMinute } from '../composables/format';
import { higherIsBetter, isLiveKpi, type CountKpi } from '../figures/kpis';
import type { TabletTranslate } from './composables/use-tablet-i18n';

export type Direction = 'up' | 'down' | 'flat';
/** Whether a change is good news: rates going the right way are, counts are neither. */
export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  direction: Direction;
  tone: Tone;
  /** Signed difference: a count, or a rate difference (0.012 = 1.2 percentage points). */
  delta: number;
  /** The magnitude as shown, e.g. `12` or `1.2pp`. */
  text: string;
}

/** A rate in tenths of a percent exactly as `formatRate` prints it. */
const tenthsOfPercent = (rate: number): number => Math.round(Number((rate * 100).toFixed(1)) * 10);

const directionOf = (delta: number): Direction => (delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat');

/** Change of a day count against a reference day; null when either side is unknown. */
export function compareCount(current: number | null | undefined, reference: number | null | undefined): Change | null {
  if (current === null || current === undefined || reference === null || reference === undefined) return null;
  const delta = current - reference;
  return { direction: directionOf(delta), tone: 'neutral', delta, text: String(Math.abs(delta)) };
}

/**
 * Change of a rate in percentage points, rounded as the screen rounds rates (one decimal of a
 * percent), so a change never contradicts the two figures shown; null when either is null.
 */
export function compareRate(rate: Rate, current: number | null | undefined, reference: number | null | undefined): Change | null {
  if (current === null || current === undefined || reference === null || reference === undefined) return null;
  const points = tenthsOfPercent(current) - tenthsOfPercent(reference);
  const delta = points / 1000;
  const direction = directionOf(points);
  const better = higherIsBetter(rate) ? direction === 'up' : direction === 'down';
  const tone: Tone = direction === 'flat' ? 'neutral' : better ? 'good' : 'bad';
  return { direction, tone, delta, text: `${(Math.abs(points) / 10).toFixed(1)}pp` };
}

/** Open and overdue are values of now, not of a day: a past day's summary repeats today's, so they are not compared. */
export function compareKpi(kpi: CountKpi, current: Summary | null, reference: Summary | null): Change | null {
  if (isLiveKpi(kpi)) return null;
  return compareCount(current?.[kpi], reference?.[kpi]);
}

/** The local day `days` after (negative: before) a YYYY-MM-DD day. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What the reference days are compared with: the same stretch of the day, or whole days. */
export type ComparisonSpan = 'sameTime' | 'wholeDay';

/** What the changes compare, in words: 同时段（截至 14:32）, up to `comparedAt`'s time of day, or 全天. */
export const comparisonBasis = (span: ComparisonSpan, comparedAt: string | null, t: TabletTranslate): string =>
  span === 'sameTime' && comparedAt ? t('tablet.compare.sameTime', { time: formatHourMinute(comparedAt) }) : t('tablet.compare.wholeDay');

/** The line above the figures saying what their changes compare, the same on the screen and in the image exported. */
export const comparisonCaption = (span: ComparisonSpan, comparedAt: string | null, t: TabletTranslate): string =>
  t('tablet.compare.caption', { basis: comparisonBasis(span, comparedAt, t) });

/** The two reference days of a day: the day before and the same weekday a week before. */
export const referenceDays = (date: string): { previous: string; lastWeek: string } => ({
  previous: shiftDate(date, -1),
  lastWeek: shiftDate(date, -7),
});
