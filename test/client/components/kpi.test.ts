// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { defineComponent, h, nextTick, shallowRef } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import KpiCards from '../../../client/components/kpi/KpiCards.vue';
import RateRings from '../../../client/components/kpi/RateRings.vue';
import { createI18n, I18N_KEY } from '../../../client/i18n';
import { summaryOf } from '../fixtures';

const global = { provide: { [I18N_KEY as symbol]: createI18n('zh') } };

const metrics = (wrapper: ReturnType<typeof mount>): Record<string, string> =>
  Object.fromEntries(wrapper.findAll('[data-metric]').map((el) => [el.attributes('data-metric'), el.text()]));

describe('KPI elements', () => {
  it('carry data-metric with counts as plain numbers', () => {
    const summary = summaryOf('2026-11-28', { reported: 1234, registered: 1100, dispatched: 1000, handled: 900, closed: 800, open: 300, overdue: 17 });
    const wrapper = mount(KpiCards, { props: { summary }, global });
    expect(metrics(wrapper)).toEqual({
      reported: '1234',
      registered: '1100',
      dispatched: '1000',
      handled: '900',
      closed: '800',
      open: '300',
      overdue: '17',
    });
    expect(wrapper.text()).toContain('今日上报');
  });

  it('show counts of 10,000 and more in 万, with the exact figure in data-value', () => {
    const summary = summaryOf('2026-11-28', { reported: 123_456, open: 9999, overdue: 999_999 });
    const wrapper = mount(KpiCards, { props: { summary }, global });
    const card = (metric: string) => wrapper.get(`[data-metric="${metric}"]`);
    expect([card('reported').text(), card('reported').attributes('data-value')]).toEqual(['12.3万', '123456']);
    expect([card('open').text(), card('open').attributes('data-value')]).toEqual(['9999', '9999']);
    expect([card('overdue').text(), card('overdue').attributes('data-value')]).toEqual(['100万', '999999']);
  });

  it('carry data-metric with rates as percentages and null as a dash', () => {
    const summary = summaryOf('2026-11-28', { handlingRate: 0.934, onTimeHandlingRate: 1, closureRate: 0, onTimeClosureRate: 0.0005, reworkRate: null });
    const wrapper = mount(RateRings, { props: { summary }, global });
    expect(metrics(wrapper)).toEqual({
      handlingRate: '93.4%',
      onTimeHandlingRate: '100.0%',
      closureRate: '0.0%',
      onTimeClosureRate: '0.1%',
      reworkRate: '—',
    });
  });

  describe('on a change', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('count to the new number in a few ticks, not a repaint per frame', async () => {
      vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'Date'] });
      const summary = shallowRef(summaryOf('2026-11-28', { reported: 100 }));
      const wrapper = mount(defineComponent(() => () => h(KpiCards, { summary: summary.value })), { global });
      const reported = () => wrapper.get('[data-metric="reported"]').text();
      summary.value = summaryOf('2026-11-28', { reported: 400 });
      await nextTick();
      const shown = [reported()];
      for (let frame = 0; frame < 60; frame++) {
        vi.advanceTimersByTime(16);
        await nextTick();
        if (reported() !== shown.at(-1)) shown.push(reported());
      }
      const numbers = shown.map(Number);
      expect(numbers.at(0)).toBe(100);
      expect(numbers.at(-1)).toBe(400);
      // Between the two: a count, in ticks a frame apart at most every 200 ms of its 600.
      expect(numbers.length).toBeGreaterThanOrEqual(3);
      expect(numbers.length).toBeLessThanOrEqual(5);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    });
  });

  it('label in English with ?lang=en', () => {
    const wrapper = mount(RateRings, {
      props: { summary: null },
      global: { provide: { [I18N_KEY as symbol]: createI18n('en') } },
    });
    expect(wrapper.text()).toContain('On-time closure');
    expect(Object.values(metrics(wrapper)).every((text) => text === '—')).toBe(true);
  });
});
