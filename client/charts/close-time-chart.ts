import type { ChartKind } from './chart-kind';
import { COLORS, px } from './theme';

export interface CloseTimeData {
  today: { p50: number | null; p90: number | null };
  yesterday: { p50: number | null; p90: number | null } | null;
}

const round = (v: number | null): number | null => (v === null ? null : Math.round(v));

/** p50 and p90 of minutes from report to closure, today beside yesterday. */
export const closeTimeChart: ChartKind<CloseTimeData> = {
  base: (ctx) => ({
    textStyle: { fontFamily: ctx.font },
    grid: { left: px(ctx, 8), right: px(ctx, 64), top: px(ctx, 28), bottom: px(ctx, 2), containLabel: true },
    legend: {
      top: 0,
      right: px(ctx, 8),
      itemWidth: px(ctx, 14),
      itemHeight: px(ctx, 8),
      textStyle: { color: COLORS.textDim, fontSize: px(ctx, 13) },
      data: [ctx.t('trend.today'), ctx.t('trend.yesterday')],
    },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [ctx.t('closeTime.p50'), ctx.t('closeTime.p90')],
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, fontSize: px(ctx, 14) },
    },
    series: [
      {
        type: 'bar',
        name: ctx.t('trend.today'),
        barWidth: px(ctx, 12),
        itemStyle: { color: COLORS.good, borderRadius: px(ctx, 3) },
        label: { show: true, position: 'right', color: COLORS.text, fontSize: px(ctx, 13), formatter: `{c} ${ctx.t('closeTime.unit')}` },
      },
      {
        type: 'bar',
        name: ctx.t('trend.yesterday'),
        barWidth: px(ctx, 12),
        itemStyle: { color: COLORS.reference, borderRadius: px(ctx, 3) },
        label: { show: true, position: 'right', color: COLORS.textDim, fontSize: px(ctx, 12), formatter: `{c}` },
      },
    ],
  }),
  update: (data) => ({
    series: [
      { data: [round(data.today.p50), round(data.today.p90)] },
      { data: data.yesterday ? [round(data.yesterday.p50), round(data.yesterday.p90)] : [] },
    ],
  }),
};
