import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import { RECENT_KEPT } from '../../server/core/case-index';
import { syntheticCity } from './synthetic-city';

describe('recent cases of a district or the city', () => {
  it('are the newest updates over all their streets, however many each street has', () => {
    const city = syntheticCity({ districts: 2, streets: 6, grids: 12 });
    const now = Date.parse('2026-11-28T23:00:00+08:00');
    const aggregator = new Aggregator({ city, now: () => now });
    const start = Date.parse('2026-11-28T00:00:00+08:00');
    const updates: Array<{ caseId: string; at: number; grid: string }> = [];
    for (let i = 0; i < 3 * RECENT_KEPT; i += 1) {
      const grid = city.gridCodeAt((i * 7) % city.gridCount);
      const at = start + ((i * 7919) % 80_000) * 1000;
      updates.push({ caseId: `C${i}`, at, grid });
      aggregator.apply({ id: `e${i}`, caseId: `C${i}`, type: 'reported', at, gridCode: grid, category: 'E.01.01', source: 'app' });
    }
    const expected = (scope: string) =>
      updates
        .filter((u) => scope === 'city' || u.grid.startsWith(scope))
        .sort((a, b) => b.at - a.at)
        .slice(0, 40)
        .map((u) => u.at);
    for (const scope of ['city', ...city.childrenOf('city')]) {
      const items = aggregator.recent(scope, 40);
      expect(items.map((item) => Date.parse(item.updatedAt))).toEqual(expected(scope));
    }
    expect(aggregator.recent('city', 1000)).toHaveLength(RECENT_KEPT);
  });
});
