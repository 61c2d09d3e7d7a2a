import { describe, expect, it } from 'vitest';
import { isCalendarDate, isOfferedPeriod, parseTabletLocation, sameLocation, tabletSearch } from '../../../client/tablet/tablet-location';

describe('the tablet’s URL', () => {
  it('opens a scope, a past day and a case', () => {
    expect(parseTabletLocation('?token=t&scope=500103001&date=2026-11-27&case=C1')).toEqual({
      location: { scope: '500103001', date: '2026-11-27', caseId: 'C1' },
      problem: null,
    });
    expect(parseTabletLocation('?token=t')).toEqual({ location: { scope: null, date: null, caseId: null }, problem: null });
  });

  it('reports a malformed scope or date instead of opening something else', () => {
    expect(parseTabletLocation('?scope=5001').problem).toEqual({ kind: 'scope', value: '5001' });
    expect(parseTabletLocation('?scope=../etc').location.scope).toBeNull();
    expect(parseTabletLocation('?scope=500103&date=2026-02-30').problem).toEqual({ kind: 'date', value: '2026-02-30' });
    expect(parseTabletLocation('?scope=500103&date=yesterday').location).toEqual({ scope: '500103', date: null, caseId: null });
  });

  it('writes the location and keeps the token and language', () => {
    const search = tabletSearch('?token=abc&lang=en&scope=500103', { scope: '500103001', date: '2026-11-27', caseId: null });
    const params = new URLSearchParams(search);
    expect(params.get('token')).toBe('abc');
    expect(params.get('lang')).toBe('en');
    expect(params.get('scope')).toBe('500103001');
    expect(params.get('date')).toBe('2026-11-27');
    expect(params.has('case')).toBe(false);
    expect(parseTabletLocation(search).location).toEqual({ scope: '500103001', date: '2026-11-27', caseId: null });
  });

  it('opens a scope of any level, a community included', () => {
    for (const scope of ['city', '500103', '500103001', '500103001001', '500103001001003']) {
      expect(parseTabletLocation(`?scope=${scope}`)).toEqual({ location: { scope, date: null, caseId: null }, problem: null });
    }
    expect(parseTabletLocation('?scope=5001030010').problem).toEqual({ kind: 'scope', value: '5001030010' });
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('26-11-28')).toBe(false);
  });

  it('keeps a past day’s time of day, and drops it on today or when malformed', () => {
    expect(parseTabletLocation('?scope=500103&date=2026-11-27&time=14:05').location.time).toBe('14:05');
    expect(parseTabletLocation('?scope=500103&time=14:05').location.time).toBeUndefined();
    expect(parseTabletLocation('?scope=500103&date=2026-11-27&time=24:00').location.time).toBeUndefined();
    const day = { scope: '500103', date: '2026-11-27', caseId: null, time: '08:30' };
    expect(parseTabletLocation(tabletSearch('?lang=en', day)).location).toEqual(day);
    expect(tabletSearch('?time=08:30', { ...day, date: null })).not.toContain('time');
    expect(sameLocation(day, { ...day, time: undefined })).toBe(false);
  });

  it('keeps the 考核 period as the API names it, and replaces it as a whole', () => {
    const quarter = { scope: '500103', date: null, caseId: null, period: { kind: 'quarter' as const, name: '2026-Q4' } };
    const search = tabletSearch('?lang=en&period=2026-11', quarter);
    expect(new URLSearchParams(search).getAll('period')).toEqual(['2026-Q4']);
    expect(parseTabletLocation(search).location).toEqual(quarter);
    const range = { ...quarter, period: { kind: 'custom' as const, from: '2026-11-01', to: '2026-11-15' } };
    const written = new URLSearchParams(tabletSearch(search, range));
    expect([written.has('period'), written.get('from'), written.get('to')]).toEqual([false, '2026-11-01', '2026-11-15']);
    expect(new URLSearchParams(tabletSearch(written.toString(), { ...range, period: undefined })).toString()).toBe('lang=en&scope=500103');
    expect(sameLocation(quarter, { ...quarter, period: { kind: 'quarter', name: '2026-Q4' } })).toBe(true);
    expect(sameLocation(quarter, range)).toBe(false);
    expect(parseTabletLocation('?period=last-month').location.period).toBeUndefined();
  });

  it('shows a period the picker offers: real, overlapping the retained days, not after today', () => {
    const offered = (period: Parameters<typeof isOfferedPeriod>[0]) => isOfferedPeriod(period, '2025-10-20', '2026-11-28');
    expect(offered({ kind: 'month', name: '2025-10' })).toBe(true);
    expect(offered({ kind: 'month', name: '2026-11' })).toBe(true);
    expect(offered({ kind: 'month', name: '2026-13' })).toBe(false);
    expect(offered({ kind: 'month', name: '2025-13' })).toBe(false);
    expect(offered({ kind: 'month', name: '2025-09' })).toBe(false);
    expect(offered({ kind: 'month', name: '2026-12' })).toBe(false);
    expect(offered({ kind: 'quarter', name: '2025-Q4' })).toBe(true);
    expect(offered({ kind: 'quarter', name: '2025-Q3' })).toBe(false);
    expect(offered({ kind: 'year', name: '2025' })).toBe(true);
    expect(offered({ kind: 'year', name: '2027' })).toBe(false);
    expect(offered({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' })).toBe(true);
    expect(offered({ kind: 'custom', from: '2026-11-15', to: '2026-11-01' })).toBe(false);
    expect(offered({ kind: 'custom', from: '2026-02-29', to: '2026-03-01' })).toBe(false);
    expect(offered({ kind: 'custom', from: '2025-10-19', to: '2026-11-01' })).toBe(false);
    expect(offered({ kind: 'custom', from: '2026-11-01', to: '2026-11-29' })).toBe(false);
  });
});
