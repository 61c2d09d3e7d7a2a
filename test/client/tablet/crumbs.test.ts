import { describe, expect, it } from 'vitest';
import { holds } from '../../../contract';
import { buildCrumbs, type CrumbContext } from '../../../client/tablet/crumbs';

const GRID = '500151001002003';
const context = (scopes: string[], city = false): CrumbContext => ({
  city,
  chooser: scopes.length > 1,
  canRead: (scope) => scopes.some((mine) => holds(mine, scope)),
  nameOf: (scope) => `name ${scope}`,
  chooserLabel: 'mine',
  caseLabel: (id) => `case ${id}`,
});
const keys = (scopes: string[], city = false, caseId: string | null = null) =>
  buildCrumbs({ scope: GRID, date: '2026-11-27', caseId }, context(scopes, city)).map((crumb) => crumb.key);

describe('the tablet’s breadcrumbs', () => {
  it('go from the city down through the community to the grid for a city-wide token', () => {
    expect(keys(['city'], true)).toEqual(['city', '500151', '500151001', '500151001002', GRID]);
  });

  it('go up only as far as the token reads: a street leader’s start at the street', () => {
    expect(keys(['500151001'])).toEqual(['500151001', '500151001002', GRID]);
    expect(keys(['500151001002'], false, 'C1')).toEqual(['500151001002', GRID, 'case:C1']);
  });

  it('start at the chooser for a token of several areas, and keep the day on every step', () => {
    expect(keys(['500151001', '500103'])).toEqual(['choose', '500151001', '500151001002', GRID]);
    const crumbs = buildCrumbs({ scope: GRID, date: '2026-11-27', caseId: null }, context(['500151001', '500103']));
    expect(crumbs.every((crumb) => crumb.location.date === '2026-11-27')).toBe(true);
    expect(crumbs[0].location.scope).toBeNull();
  });
});
