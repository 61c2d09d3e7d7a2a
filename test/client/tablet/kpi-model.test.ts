// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import KpiTiles from '../../../client/tablet/components/KpiTiles.vue';
import { countTiles, rateTiles, type KpiInput } from '../../../client/tablet/kpi-model';
import { tabletTranslate } from '../../../client/tablet/composables/use-tablet-i18n';
import { createI18n } from '../../../client/i18n';
import { summaryOf } from '../fixtures';

const t = tabletTranslate(createI18n('zh'));
const today = summaryOf('2026-11-28', { reported: 120, registered: 110, dispatched: 100, handled: 80, closed: 60, open: 45, overdue: 7, closureRate: 0.934, handlingRate: 0.8, reworkRate: 0.1 });
const previous = summaryOf('2026-11-27', { reported: 100, registered: 110, dispatched: 120, closureRate: 0.92, handlingRate: null, reworkRate: 0.05 });
const input = (overrides: Partial<KpiInput> = {}): KpiInput => ({ summary: today, previous, lastWeek: null, live: true, t, ...overrides });

const metrics = (wrapper: ReturnType<typeof mount>): Record<string, string> =>
  Object.fromEntries(wrapper.findAll('[data-metric]').map((el) => [el.attributes('data-metric'), el.text()]));

describe('the tablet’s KPI tiles', () => {
  it('carry data-metric with counts as plain numbers, rates as percentages and null as a dash', () => {
    const counts = mount(KpiTiles, { props: { kind: 'counts', tiles: countTiles(input()) } });
    expect(metrics(counts)).toEqual({ reported: '120', registered: '110', dispatched: '100', handled: '80', closed: '60', open: '45', overdue: '7' });
    const rates = mount(KpiTiles, { props: { kind: 'rates', tiles: rateTiles(input()) } });
    expect(metrics(rates)).toEqual({ handlingRate: '80.0%', onTimeHandlingRate: '—', closureRate: '93.4%', onTimeClosureRate: '—', reworkRate: '10.0%' });
  });

  it('show each day count’s change against yesterday and last week, and none for values of now', () => {
    const wrapper = mount(KpiTiles, { props: { kind: 'counts', tiles: countTiles(input()) } });
    const tile = (metric: string) => wrapper.find(`[data-metric="${metric}"]`).element.parentElement;
    expect(tile('reported')?.textContent).toContain('较昨日↑20');
    expect(tile('reported')?.textContent).toContain('较上周同日—');
    expect(tile('registered')?.textContent).toContain('较昨日→0');
    expect(tile('dispatched')?.textContent).toContain('较昨日↓20');
    expect(tile('open')?.querySelector('.changes')).toBeNull();
    expect(tile('open')?.textContent).toContain('实时');
  });

  it('colour a rate’s change by whether it is good news', () => {
    const wrapper = mount(KpiTiles, { props: { kind: 'rates', tiles: rateTiles(input()) } });
    const first = (metric: string) => wrapper.find(`[data-metric="${metric}"]`).element.parentElement?.querySelector('li');
    expect(first('closureRate')?.className).toBe('good');
    expect(first('closureRate')?.textContent).toContain('↑1.4pp');
    expect(first('reworkRate')?.className).toBe('bad');
    expect(first('handlingRate')?.getAttribute('data-change')).toBe('none');
  });

  it('say “day before” and “as of now” for a past day', () => {
    const tiles = countTiles(input({ live: false }));
    expect(tiles[0].changes[0].label).toBe('较前一日');
    expect(tiles.find((x) => x.metric === 'overdue')?.note).toBe('当前值');
    const en = countTiles(input({ live: false, t: tabletTranslate(createI18n('en')) }));
    expect(en[0].changes.map((c) => c.label)).toEqual(['vs day before', 'vs last week']);
  });

  it('show dashes before any figures arrive', () => {
    const wrapper = mount(KpiTiles, { props: { kind: 'counts', tiles: countTiles(input({ summary: null })) } });
    expect(Object.values(metrics(wrapper)).every((v) => v === '—')).toBe(true);
  });
});

describe('the tone of live counts', () => {
  it('marks open and overdue cases, but not when there are none', () => {
    const tone = (overdue: number) => countTiles(input({ summary: { ...today, overdue } })).find((x) => x.metric === 'overdue')?.tone;
    expect(tone(7)).toBe('bad');
    expect(tone(0)).toBe('normal');
    expect(countTiles(input()).find((x) => x.metric === 'open')?.tone).toBe('warn');
  });
});
