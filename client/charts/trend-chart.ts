import type { ChartKind } from './chart-kind';
import { COLORS, px } from './theme';

export interface TrendData {
  today: readonly number[];
  /** Yesterday's hourly counts, or null when that day is not available. */
  yesterday: readonly number[] | null;
  /** Hours after the current one are not drawn for today. */
  currentHour: number;
}

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

export const trendChart: ChartKind<TrendData> = {
  base: (ctx) => ({
    textStyle: { fontFamily: ctx.font },
    grid: { left: px(ctx, 44), right: px(ctx, 14), top: px(ctx, 34), bottom: px(ctx, 26) },
    legend: {
      top: 0,
      right: px(ctx, 8),
      itemWidth: px(ctx, 18),
      itemHeight: px(ctx, 8),
      textStyle: { color: COLORS.textDim, fontSize: px(ctx, 13) },
      data: [ctx.t('trend.today'), ctx.t('trend.yesterday')],
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: HOURS,
      axisLine: { lineStyle: { color: COLORS.axis } },
      axisTick: { show: false },
      axisLabel: { color: COLORS.textDim, fontSize: px(ctx, 12), interval: 3 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: COLORS.split } },
      axisLabel: { color: COLORS.textDim, fontSize: px(ctx, 12) },
    },
    series: [
      {
        type: 'line',
        name: ctx.t('trend.today'),
        smooth: true,
        symbol: 'none',
        lineStyle: { color: COLORS.accent, width: px(ctx, 3) },
        itemStyle: { color: COLORS.accent },
        areaStyle: {
          color: {
            type: 'linear',
            x: 0,
            y: 0,
            x2: 0,
            y2: 1,
            colorStops: [
              { offset: 0, color: 'rgba(58, 208, 255, 0.45)' },
              { offset: 1, color: 'rgba(58, 208, 255, 0.02)' },
            ],
          },
        },
      },
      {
        type: 'line',
        name: ctx.t('trend.yesterday'),
        smooth: true,
        symbol: 'none',
        lineStyle: { color: COLORS.reference, width: px(ctx, 2), type: 'dashed' },
        itemStyle: { color: COLORS.reference },
      },
    ],
  }),
  update: (data) => ({
    series: [
      { data: data.today.map((v, h) => (h <= data.currentHour ? v : null)) },
      { data: data.yesterday ? [...data.yesterday] : [] },
    ],
  }),
};
