import type { ChartKind } from './chart-kind';
import { COLORS, px } from './theme';

export interface ShareData {
  items: readonly { name: string; value: number }[];
}

/** A ring of shares with its legend beside it (sources, categories). */
export const shareChart: ChartKind<ShareData> = {
  base: (ctx) => ({
    textStyle: { fontFamily: ctx.font },
    color: [...COLORS.series],
    legend: {
      orient: 'vertical',
      right: px(ctx, 6),
      top: 'middle',
      itemWidth: px(ctx, 10),
      itemHeight: px(ctx, 10),
      itemGap: px(ctx, 8),
      textStyle: { color: COLORS.text, fontSize: px(ctx, 13) },
    },
    series: [
      {
        type: 'pie',
        radius: ['46%', '74%'],
        center: ['30%', '52%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#071226', borderWidth: px(ctx, 2) },
        label: { show: false },
        labelLine: { show: false },
      },
    ],
  }),
  update: (data) => ({
    legend: { data: data.items.map((i) => i.name), formatter: legendFormatter(data) },
    series: [{ data: data.items.map((i) => ({ name: i.name, value: i.value })) }],
  }),
};

function legendFormatter(data: ShareData): (name: string) => string {
  const total = data.items.reduce((sum, i) => sum + i.value, 0);
  return (name) => {
    const item = data.items.find((i) => i.name === name);
    const share = item && total > 0 ? Math.round((item.value / total) * 100) : 0;
    return `${name}  ${item?.value ?? 0}  ${share}%`;
  };
}
