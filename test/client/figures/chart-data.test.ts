import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAJOR_CATEGORIES, SOURCES, type ChildSummary, type DepartmentRow } from '../../../contract';
import {
  categoryRanking,
  childRanking,
  closeTimeSeries,
  departmentRanking,
  LAST_HOUR,
  liveHour,
  RANK_METRICS,
  rankChildren,
  sourceShares,
  trendSeries,
} from '../../../client/figures/chart-data';
import { childOf, summaryOf } from '../fixtures';

/** As the server writes it: every category of the catalogue, most at zero on a quiet day. */
const byCategory = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(MAJOR_CATEGORIES.map((c) => [c.code, counts[c.code] ?? 0]));

const nameOf = (code: string): string => `name of ${code}`;

describe('the category ranking', () => {
  it('lists only categories with reports, most first, named', () => {
    const summary = summaryOf('2026-11-28', { byCategory: byCategory({ 'E.05': 7, 'C.01': 2, 'E.01': 12 }) });
    expect(categoryRanking(summary, nameOf)).toEqual({
      names: ['name of E.01', 'name of E.05', 'name of C.01'],
      values: [12, 7, 2],
      unit: 'count',
    });
  });

  it('draws at most eight bars by default, nothing before any figures and nothing on a day without reports', () => {
    const busy = Object.fromEntries(MAJOR_CATEGORIES.map((c, i) => [c.code, i + 1]));
    expect(categoryRanking(summaryOf('2026-11-28', { byCategory: busy }), nameOf).values).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
    expect(categoryRanking(null, nameOf)).toEqual({ names: [], values: [], unit: 'count' });
    expect(categoryRanking(summaryOf('2026-11-28', { byCategory: byCategory({}) }), nameOf).values).toEqual([]);
  });

  it('keeps the largest counts up to the rows a screen has room for', () => {
    const counts = fc.dictionary(fc.constantFrom(...MAJOR_CATEGORIES.map((c) => c.code)), fc.nat({ max: 50 }));
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 12 }), (given, shown) => {
        const data = categoryRanking(summaryOf('2026-11-28', { byCategory: byCategory(given) }), (code) => code, shown);
        // Reference: the non-zero counts, largest first, cut at `shown`.
        const expected = MAJOR_CATEGORIES.map((c) => given[c.code] ?? 0)
          .filter((n) => n > 0)
          .sort((a, b) => b - a)
          .slice(0, shown);
        expect(data.values).toEqual(expected);
        data.names.forEach((code, i) => expect(given[code]).toBe(data.values[i]));
      }),
    );
  });
});

describe('the source shares', () => {
  it('keep every source in the contract’s order, zero or missing as 0, so each keeps its colour', () => {
    const summary = summaryOf('2026-11-28', { bySource: { hotline: 4, inspector: 9 } });
    const data = sourceShares(summary, (source) => source.toUpperCase());
    expect(data.items.map((i) => i.name)).toEqual(SOURCES.map((s) => s.toUpperCase()));
    expect(Object.fromEntries(data.items.map((i) => [i.name, i.value]))).toEqual({
      INSPECTOR: 9,
      HOTLINE: 4,
      VIDEO: 0,
      SENSOR: 0,
      APP: 0,
      'SAFETY-OFFICER': 0,
    });
    expect(sourceShares(null, (s) => s).items.every((i) => i.value === 0)).toBe(true);
  });
});

describe('the ranking of child areas', () => {
  const children = [
    childOf('500103', '渝中区', { reported: 30, overdue: 2, handlingRate: 0.5 }),
    childOf('500105', '江北区', { reported: 30, overdue: 5, handlingRate: null }),
    childOf('500101', '万州区', { reported: 12, overdue: 0, handlingRate: 0.9 }),
    childOf('500104', '大渡口区', { reported: 41, overdue: 5, handlingRate: 0 }),
  ];

  it('puts the best first, ties by code, and a rate without cases last', () => {
    expect(rankChildren(children, 'reported').map((c) => c.code)).toEqual(['500104', '500103', '500105', '500101']);
    expect(rankChildren(children, 'overdue').map((c) => c.code)).toEqual(['500104', '500105', '500103', '500101']);
    expect(rankChildren(children, 'handlingRate').map((c) => c.code)).toEqual(['500101', '500103', '500104', '500105']);
  });

  it('is a total order whatever order the children come in (a delta appends changed children at the end)', () => {
    const child = fc.record({
      code: fc.stringMatching(/^5001\d{2}$/),
      reported: fc.nat({ max: 5 }),
      overdue: fc.nat({ max: 5 }),
      rate: fc.option(fc.constantFrom(0, 0.25, 0.5, 1), { nil: null }),
    });
    const list = fc.uniqueArray(child, { selector: (c) => c.code, maxLength: 12 });
    fc.assert(
      fc.property(list, fc.constantFrom(...RANK_METRICS), (given, metric) => {
        const rows: ChildSummary[] = given.map((c) =>
          childOf(c.code, c.code, { reported: c.reported, overdue: c.overdue, handlingRate: c.rate, onTimeClosureRate: c.rate }),
        );
        const ranked = rankChildren(rows, metric);
        expect(rankChildren([...rows].reverse(), metric)).toEqual(ranked);
        for (let i = 1; i < ranked.length; i += 1) {
          const [a, b] = [ranked[i - 1][metric] ?? -1, ranked[i][metric] ?? -1];
          expect(a > b || (a === b && ranked[i - 1].code < ranked[i].code)).toBe(true);
        }
      }),
    );
  });

  it('draws the first rows with the metric’s unit; a rate without cases stays unknown, not 0', () => {
    const summary = summaryOf('2026-11-28', { children });
    expect(childRanking(summary, 'reported', 2)).toMatchObject({ names: ['大渡口区', '渝中区'], values: [41, 30], unit: 'count' });
    expect(childRanking(summary, 'handlingRate', 10)).toMatchObject({
      names: ['万州区', '渝中区', '大渡口区', '江北区'],
      values: [0.9, 0.5, 0, null],
      unit: 'percent',
    });
    expect(childRanking(summary, 'reported', 2).codes).toEqual(['500104', '500103']);
  });
});

describe('the department ranking', () => {
  it('draws the first rows as the server ranked them, with their scores', () => {
    const rows: DepartmentRow[] = ['城管', '环卫', '市政'].map((department, i) => ({
      department,
      dispatched: 10 - i,
      handled: 5,
      onTime: 4,
      reworked: 0,
      overdue: 0,
      urged: 0,
      score: 90 - i * 10,
    }));
    expect(departmentRanking(rows, 2)).toEqual({ names: ['城管', '环卫'], values: [90, 80], unit: 'score' });
    expect(departmentRanking([], 8).names).toEqual([]);
  });
});

describe('the trend', () => {
  const hourly = Array.from({ length: 24 }, (_, h) => h * 2);

  it('draws a live day up to the hour of its own figures in the city, whatever the screen’s clock says', () => {
    const summary = summaryOf('2026-11-28', { asOf: '2026-11-28T14:05:00+08:00', hourly });
    expect(liveHour(summary, 3)).toBe(14);
    expect(liveHour(null, 3)).toBe(3);
    expect(trendSeries(summary, null, liveHour(summary, 3))).toEqual({ today: hourly, yesterday: null, currentHour: 14 });
  });

  it('keeps the reference day whole and has nothing to draw before the figures arrive', () => {
    const reference = summaryOf('2026-11-27', { hourly });
    expect(trendSeries(null, reference, LAST_HOUR)).toEqual({ today: [], yesterday: hourly, currentHour: 23 });
  });
});

describe('the close time', () => {
  it('compares the day’s median and 90th percentile with the reference day’s, when there is one', () => {
    const day = summaryOf('2026-11-28', { closeMinutes: { p50: 42, p90: 180 } });
    const reference = summaryOf('2026-11-27', { closeMinutes: { p50: 50, p90: null } });
    expect(closeTimeSeries(day, reference)).toEqual({ today: { p50: 42, p90: 180 }, yesterday: { p50: 50, p90: null } });
    expect(closeTimeSeries(null, null)).toEqual({ today: { p50: null, p90: null }, yesterday: null });
  });
});
