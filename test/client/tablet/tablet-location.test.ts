import { describe, expect, it } from 'vitest';
import {
  communityOf,
  districtOf,
  isCalendarDate,
  levelOfScope,
  parseTabletLocation,
  scopeChain,
  tabletSearch,
} from '../../../client/tablet/tablet-location';

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

  it('knows a code’s level, district, chain of parents and community', () => {
    expect(levelOfScope('city')).toBe('city');
    expect(levelOfScope('500103')).toBe('district');
    expect(levelOfScope('500103001')).toBe('street');
    expect(levelOfScope('500103001001003')).toBe('grid');
    expect(districtOf('500103001001003')).toBe('500103');
    expect(districtOf('city')).toBeUndefined();
    expect(scopeChain('500103001001003')).toEqual(['500103', '500103001', '500103001001003']);
    expect(scopeChain('500103')).toEqual(['500103']);
    expect(communityOf('500103001001003')).toBe('500103001001');
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('26-11-28')).toBe(false);
  });
});
