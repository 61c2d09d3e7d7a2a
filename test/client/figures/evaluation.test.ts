import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../contract';
import { addedUp, bulletinHref, exactValue, formatScore, gradeTone, periodHolding, periodQuery, pickOf, rateTone, readableDays } from '../../../client/figures/evaluation';

describe('the evaluation as the pages show it', () => {
  it('picks the period of each kind that holds a day, and asks the API for it by name or by days', () => {
    expect(periodHolding('month', '2026-11-28')).toEqual({ kind: 'month', name: '2026-11' });
    expect(periodHolding('quarter', '2026-11-28')).toEqual({ kind: 'quarter', name: '2026-Q4' });
    expect(periodHolding('quarter', '2026-03-31')).toEqual({ kind: 'quarter', name: '2026-Q1' });
    expect(periodHolding('quarter', '2026-04-01')).toEqual({ kind: 'quarter', name: '2026-Q2' });
    expect(periodHolding('year', '2026-11-28')).toEqual({ kind: 'year', name: '2026' });
    expect(periodHolding('custom', '2026-11-28')).toEqual({ kind: 'custom', from: '2026-11-01', to: '2026-11-28' });
    // Every named period is one the contract parses, of the same kind.
    for (const kind of ['month', 'quarter', 'year'] as const) {
      const pick = periodHolding(kind, '2026-02-14');
      const query = periodQuery(pick);
      expect('period' in query && (parsePeriod(query.period) as { kind: string }).kind).toBe(kind);
    }
    expect(periodQuery({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' })).toEqual({ from: '2026-11-01', to: '2026-11-15' });
  });

  it('reads a period back from a bulletin’s address, and makes that address', () => {
    const href = bulletinHref('500151', { kind: 'quarter', name: '2026-Q4' }, 'zh');
    expect(href).toBe('/bulletin?scope=500151&period=2026-Q4');
    expect(pickOf(new URL(href, 'http://x').searchParams)).toEqual({ kind: 'quarter', name: '2026-Q4' });
    const custom = bulletinHref('city', { kind: 'custom', from: '2026-11-01', to: '2026-11-15' }, 'en');
    expect(custom).toBe('/bulletin?scope=city&from=2026-11-01&to=2026-11-15&lang=en');
    expect(pickOf(new URL(custom, 'http://x').searchParams)).toEqual({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' });
    expect(pickOf(new URLSearchParams('period=2026-11'))).toEqual({ kind: 'month', name: '2026-11' });
    expect(pickOf(new URLSearchParams('period=2026'))).toEqual({ kind: 'year', name: '2026' });
    expect(pickOf(new URLSearchParams('period=2026-W48'))).toBeNull();
    expect(pickOf(new URLSearchParams('from=2026-11-01'))).toBeNull();
    expect(pickOf(new URLSearchParams(''))).toBeNull();
  });

  it('reads only the retained days of a period up to today, across a month’s and a year’s end', () => {
    const retained = { first: '2026-10-30', last: '2026-11-02' };
    expect(readableDays({ from: '2026-10-01', to: '2026-12-31' }, retained)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(readableDays({ from: '2026-11-01', to: '2026-11-30' }, retained)).toEqual(['2026-11-01', '2026-11-02']);
    expect(readableDays({ from: '2026-09-01', to: '2026-09-30' }, retained)).toEqual([]);
    expect(readableDays({ from: '2026-12-30', to: '2027-01-02' }, { first: '2026-01-01', last: '2027-01-01' })).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });

  it('adds up the days’ counts, largest first, ties by key, without zeros', () => {
    expect(addedUp([{ 'C.01': 3, 'A.02': 1, 'B.01': 0 }, { 'C.01': 1, 'A.02': 3, 'D.04': 4 }, {}])).toEqual([
      ['A.02', 4],
      ['C.01', 4],
      ['D.04', 4],
    ]);
    expect(addedUp([{ video: 2, app: 5 }])).toEqual([
      ['app', 5],
      ['video', 2],
    ]);
  });

  it('tones rates with rework and extension inverted, grades A–B good, C a warning, D–E bad; keeps exact values', () => {
    expect(rateTone('closureRate', 0.95)).toBe('good');
    expect(rateTone('closureRate', 0.75)).toBe('warn');
    expect(rateTone('onTimeClosureRate', 0.5)).toBe('bad');
    expect(rateTone('reworkRate', 0.05)).toBe('good');
    expect(rateTone('extensionRate', 0.5)).toBe('bad');
    expect(rateTone('reworkRate', null)).toBe('none');
    expect(['A', 'B', 'C', 'D', 'E'].map((g) => gradeTone(g as 'A'))).toEqual(['good', 'good', 'warn', 'bad', 'bad']);
    expect(exactValue(911 / 972)).toBe(String(911 / 972));
    expect(exactValue(null)).toBe('—');
    expect(formatScore(87)).toBe('87.0');
    expect(formatScore(undefined)).toBe('—');
  });
});
