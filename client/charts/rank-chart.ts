import type { ChartKind } from './chart-kind';
import { COLORS, px, type ChartContext } from './theme';

export interface RankData {
  /** Best first; drawn top to bottom. */
  names: readonly string[];
  values: readonly (number | null)[];
  /** How a value is printed at the end of its bar. */
  unit: 'count' | 'percent' | 'score';
}

const label = (unit: RankData['unit'], value: number | null): string => {
  if (value === null) return '—';
  return unit === 'percent' ? `${(value * 100).toFixed(1)}%` : unit === 'score' ? value.toFixed(1) : String(value);
};

/** Horizontal bars ranked top to bottom; `color` picks the bar gradient. */
export function rankChart(color: string): ChartKind<RankData> {
  return {
    base: (ctx: ChartContext) => ({
      textStyle: { fontFamily: ctx.font },
      grid: { left: px(ctx, 8), right: px(ctx, 64), top: px(ctx, 6), bottom: px(ctx, 4), containLabel: true },
      xAxis: { type: 'value', show: false, max: 'dataMax' },
      yAxis: {
        type: 'category',
        inverse: true,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { color: COLORS.text, fontSize: px(ctx, 14), width: px(ctx, 110), overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          barWidth: '56%',
          // A short list (a street's two or three categories on the tablet) keeps bars of the usual thickness.
          barMaxWidth: px(ctx, 18),
          showBackground: true,
          backgroundStyle: { color: 'rgba(80, 120, 190, 0.10)', borderRadius: px(ctx, 4) },
          itemStyle: {
            borderRadius: px(ctx, 4),
            color: {
              type: 'linear',
              x: 0,
              y: 0,
              x2: 1,
              y2: 0,
              colorStops: [
                { offset: 0, color: 'rgba(58, 120, 255, 0.35)' },
                { offset: 1, color },
              ],
            },
          },
          label: { show: true, position: 'right', color: COLORS.text, fontSize: px(ctx, 14), fontWeight: 'bold' },
        },
      ],
    }),
    update: (data) => ({
      yAxis: { data: [...data.names] },
      series: [
        {
          data: data.values.map((v) => v ?? 0),
          label: { formatter: (p: { dataIndex: number }) => label(data.unit, data.values[p.dataIndex] ?? null) },
        },
      ],
    }),
  };
}
