import type { ChartKind } from './chart-kind';
import { closeTimeChart } from './close-time-chart';
import { rankChart } from './rank-chart';
import { shareChart } from './share-chart';
import { COLORS } from './theme';
import { trendChart } from './trend-chart';

/** Every chart the screens can show, by name. */
export const CHART_KINDS = {
  trend: trendChart,
  categories: rankChart(COLORS.accent),
  sources: shareChart,
  children: rankChart(COLORS.good),
  departments: rankChart(COLORS.warn),
  closeTime: closeTimeChart,
} satisfies Record<string, ChartKind<never>>;

export type ChartKindName = keyof typeof CHART_KINDS;
export type ChartData<K extends ChartKindName> = Parameters<(typeof CHART_KINDS)[K]['update']>[0];

export function isChartKind(name: string): name is ChartKindName {
  return Object.hasOwn(CHART_KINDS, name);
}

/** The kind of that name; an unknown name is a programming error and throws. */
export function chartKind<K extends ChartKindName>(name: K): ChartKind<ChartData<K>> {
  if (!isChartKind(name)) throw new Error(`Unknown chart kind "${String(name)}"; known: ${Object.keys(CHART_KINDS).join(', ')}`);
  // TypeScript cannot narrow the table's union by a generic key; the table pairs each name with its data.
  return CHART_KINDS[name] as ChartKind<ChartData<K>>;
}
