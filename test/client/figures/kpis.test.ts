// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { RATES, type Summary } from '../../../contract';
import KpiCards from '../../../client/components/kpi/KpiCards.vue';
import RateRings from '../../../client/components/kpi/RateRings.vue';
import { COUNT_KPIS, countTone, higherIsBetter } from '../../../client/figures/kpis';
import { createI18n, I18N_KEY } from '../../../client/i18n';
import { tabletTranslate } from '../../../client/tablet/composables/use-tablet-i18n';
import { countTiles } from '../../../client/tablet/kpi-model';
import { summaryOf } from '../fixtures';

const i18n = createI18n('zh');
const global = { provide: { [I18N_KEY as symbol]: i18n } };

/** The tone class of each wall card, by metric. */
function wallTones(summary: Summary | null): Record<string, string> {
  const wrapper = mount(KpiCards, { props: { summary }, global });
  return Object.fromEntries(
    wrapper.findAll('.kpi-card').map((card) => {
      const metric = card.get('[data-metric]').attributes('data-metric') ?? '';
      return [metric, ['normal', 'warn', 'bad'].find((tone) => card.classes().includes(tone)) ?? ''];
    }),
  );
}

function tabletTones(summary: Summary | null): Record<string, string> {
  const tiles = countTiles({ summary, previous: null, lastWeek: null, live: true, t: tabletTranslate(i18n) });
  return Object.fromEntries(tiles.map((tile) => [tile.metric, tile.tone]));
}

describe('the count KPIs', () => {
  it('are the day’s five in lifecycle order, then open and overdue', () => {
    expect(COUNT_KPIS).toEqual(['reported', 'registered', 'dispatched', 'handled', 'closed', 'open', 'overdue']);
  });

  it('warn of open cases and alarm at overdue ones, but none of them is no alarm', () => {
    expect(countTone('overdue', 3)).toBe('bad');
    expect(countTone('open', 3)).toBe('warn');
    expect(countTone('overdue', 0)).toBe('normal');
    expect(countTone('open', 0)).toBe('normal');
    expect(countTone('reported', 5)).toBe('normal');
    // Before any figures the card keeps its colour: an unknown count is not a zero.
    expect(countTone('overdue', null)).toBe('bad');
  });

  it('are coloured alike on the wall and the tablet', () => {
    for (const figures of [{ open: 4, overdue: 2 }, { open: 4, overdue: 0 }, { open: 0, overdue: 0 }]) {
      const summary = summaryOf('2026-11-28', { reported: 9, ...figures });
      const wall = wallTones(summary);
      expect(wall, JSON.stringify(figures)).toEqual(tabletTones(summary));
      expect(wall.overdue).toBe(figures.overdue > 0 ? 'bad' : 'normal');
    }
    expect(wallTones(null)).toEqual(tabletTones(null));
  });
});

describe('the rates', () => {
  it('are better the higher they are, but for rework', () => {
    expect(RATES.filter((rate) => !higherIsBetter(rate))).toEqual(['reworkRate']);
  });

  it('make the wall’s rework ring good when rework is low', () => {
    const wrapper = mount(RateRings, { props: { summary: summaryOf('2026-11-28', { reworkRate: 0.02, closureRate: 0.02 }) }, global });
    const ring = (metric: string) => wrapper.get(`[data-metric="${metric}"]`).element.closest('.rate-ring');
    expect(ring('reworkRate')?.classList.contains('tone-good')).toBe(true);
    expect(ring('closureRate')?.classList.contains('tone-bad')).toBe(true);
  });
});
