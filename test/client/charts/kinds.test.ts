import { describe, expect, it } from 'vitest';
import { CHART_KINDS, chartKind, type ChartKindName } from '../../../client/charts/kinds';
import { TEXT_FONT } from '../../../client/fonts';
import { createI18n } from '../../../client/i18n';

describe('chart kinds', () => {
  it('fails loudly on an unknown name', () => {
    expect(() => chartKind('pie3d' as ChartKindName)).toThrow(/Unknown chart kind "pie3d"/);
  });

  it('scales every kind’s sizes with the stage', () => {
    const t = createI18n('zh').t;
    for (const name of Object.keys(CHART_KINDS) as ChartKindName[]) {
      const small = JSON.stringify(chartKind(name).base({ scale: 1, t, font: TEXT_FONT }));
      const big = JSON.stringify(chartKind(name).base({ scale: 2, t, font: TEXT_FONT }));
      expect(big, name).not.toBe(small);
    }
  });

  it('draws today only up to the current hour and yesterday in full', () => {
    const t = createI18n('zh').t;
    const today = Array.from({ length: 24 }, (_, h) => h);
    const option = chartKind('trend').update({ today, yesterday: today, currentHour: 9 }, { scale: 1, t, font: TEXT_FONT });
    const [todaySeries, yesterdaySeries] = option.series as { data: (number | null)[] }[];
    expect(todaySeries.data.filter((v) => v !== null)).toHaveLength(10);
    expect(yesterdaySeries.data).toHaveLength(24);
  });
});
