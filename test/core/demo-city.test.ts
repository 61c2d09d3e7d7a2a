import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import { loadCity } from '../../server/geo';

describe('aggregator over the committed demo city', () => {
  it('places cases in Chongqing’s grids, streets and districts with their names', () => {
    const city = loadCity();
    const now = Date.parse('2026-11-25T15:00:00+08:00');
    const aggregator = new Aggregator({ city, now: () => now });
    const [district] = city.childrenOf('city');
    const [street] = city.childrenOf(district);
    const [community] = city.childrenOf(street);
    const [grid] = city.childrenOf(community);
    const [lng, lat] = city.centerOf(grid) ?? [0, 0];
    const reported = { id: 'e1', caseId: 'C1', type: 'reported', at: Date.parse('2026-11-25T09:00:00+08:00'), category: 'E.05.03', source: 'video' } as const;
    expect(aggregator.check({ ...reported, gridCode: grid })).toBeUndefined();
    aggregator.apply({ ...reported, lng, lat });
    aggregator.apply({ id: 'e2', caseId: 'C1', type: 'registered', at: Date.parse('2026-11-25T09:30:00+08:00') });

    const summary = aggregator.summary('city');
    expect(summary).toMatchObject({ name: city.name, reported: 1, registered: 1, open: 1, overdue: 1 });
    expect(summary.children).toHaveLength(city.childrenOf('city').length);
    expect(summary.children[0]).toMatchObject({ code: district, name: city.nameOf(district), level: 'district', reported: 1 });
    expect(aggregator.summary(street).children).toHaveLength(city.childrenOf(street).length);
    const rows = aggregator.grids('city');
    expect(rows).toHaveLength(city.gridCount);
    expect(rows.filter(([, r]) => r > 0)).toEqual([[grid, 1, 1, 1]]);
    expect(aggregator.caseItem('C1')).toMatchObject({
      gridCode: grid,
      streetName: city.nameOf(street),
      districtName: city.nameOf(district),
      deadline: '2026-11-25T11:30:00+08:00',
      overdue: true,
    });
    expect(aggregator.cases(district, 'overdue', 10).map((c) => c.caseId)).toEqual(['C1']);
  });
});
