import { SOURCES, type ChildSummary, type DepartmentRow, type Source, type Summary } from '../../contract';
import type { ChartData } from '../charts/kinds';
import { hourOf } from '../composables/format';
import { childLabel } from './area-names';

/**
 * What each chart draws of a summary, for the wall's panels and the tablet's cards alike: a
 * screen picks how many rows it has room for, never which rows or in what order.
 *
 * Zero counts: a ranking lists only what happened, so a category with nothing reported is not
 * a bar (the summary lists every category of the catalogue, most of them at zero on a quiet
 * day). The source ring keeps every source, zero or not: its slices and legend keep their
 * colours and places as the day fills in.
 */

/** Categories shown by default: a ranking's bars stay readable at this many. */
const CATEGORIES_SHOWN = 8;

/** The categories with reports, most first; `nameOf` names a category code. */
export function categoryRanking(summary: Summary | null, nameOf: (code: string) => string, shown = CATEGORIES_SHOWN): ChartData<'categories'> {
  const top = Object.entries(summary?.byCategory ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, shown);
  return { names: top.map(([code]) => nameOf(code)), values: top.map(([, n]) => n), unit: 'count' };
}

/** Every source's share of the day's reports, in the contract's order. */
export function sourceShares(summary: Summary | null, nameOf: (source: Source) => string): ChartData<'sources'> {
  return { items: SOURCES.map((source) => ({ name: nameOf(source), value: summary?.bySource[source] ?? 0 })) };
}

/** The figures child areas are ranked by. */
export const RANK_METRICS = ['reported', 'overdue', 'onTimeClosureRate', 'handlingRate'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];

const RATE_METRICS: ReadonlySet<RankMetric> = new Set(['onTimeClosureRate', 'handlingRate']);
export const isRateMetric = (metric: RankMetric): boolean => RATE_METRICS.has(metric);

/** Children best first by a metric; a rate without cases (null) comes last, ties by code. */
export function rankChildren(children: readonly ChildSummary[], metric: RankMetric): ChildSummary[] {
  return [...children].sort((a, b) => (b[metric] ?? -1) - (a[metric] ?? -1) || a.code.localeCompare(b.code));
}

/** The first `shown` children ranked by a metric, as bars named as a ranking names them (`childLabel`), with their codes. */
export function childRanking(summary: Summary | null, metric: RankMetric, shown: number): ChartData<'children'> & { codes: string[] } {
  const ranked = rankChildren(summary?.children ?? [], metric).slice(0, shown);
  const parent = summary?.name ?? '';
  return {
    names: ranked.map((c) => childLabel(c.name, parent)),
    values: ranked.map((c) => c[metric]),
    unit: isRateMetric(metric) ? 'percent' : 'count',
    codes: ranked.map((c) => c.code),
  };
}

/** The first `shown` departments by score (the server lists only those with cases dispatched that day, best first). */
export function departmentRanking(rows: readonly DepartmentRow[], shown: number): ChartData<'departments'> {
  const top = rows.slice(0, shown);
  return { names: top.map((r) => r.department), values: top.map((r) => r.score), unit: 'score' };
}

/** The last hour of a day: a past day is drawn whole. */
export const LAST_HOUR = 23;

/** The hour a live day is drawn up to: the figures' own time in the city, else the screen's clock. */
export const liveHour = (summary: Summary | null, clockHour: number): number => (summary ? hourOf(summary.asOf) : undefined) ?? clockHour;

/** A day's reports by hour, drawn up to `currentHour`, against a reference day drawn whole. */
export function trendSeries(day: Summary | null, reference: Summary | null, currentHour: number): ChartData<'trend'> {
  return { today: day?.hourly ?? [], yesterday: reference?.hourly ?? null, currentHour };
}

/** A day's median and 90th percentile minutes to close, against a reference day's. */
export function closeTimeSeries(day: Summary | null, reference: Summary | null): ChartData<'closeTime'> {
  return { today: day?.closeMinutes ?? { p50: null, p90: null }, yesterday: reference?.closeMinutes ?? null };
}
