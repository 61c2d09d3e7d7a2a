import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import { syntheticCity } from './synthetic-city';

const city = syntheticCity({ districts: 1, streets: 2, grids: 4 });
const [G1, G2] = city.childrenOf(city.childrenOf(city.childrenOf(city.childrenOf('city')[0])[0])[0]);
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('Aggregator.reportedSince', () => {
  it('lists the counted cases reported at or after a time, with their grid, and no held case', () => {
    const aggregator = new Aggregator({ city, now: () => at('2026-11-28T12:00:00') });
    const report = (caseId: string, local: string, gridCode: string) =>
      aggregator.apply({ id: `${caseId}-r`, caseId, type: 'reported', at: at(local), gridCode, category: 'E.05.02', source: 'app' });
    report('OLD', '2026-11-20T09:00:00', G1);
    report('EDGE', '2026-11-21T09:00:00', G2);
    report('NEW', '2026-11-28T11:00:00', G1);
    aggregator.apply({ id: 'HELD-g', caseId: 'HELD', type: 'registered', at: at('2026-11-28T11:30:00') });
    aggregator.apply({ id: 'NEW-g', caseId: 'NEW', type: 'registered', at: at('2026-11-28T11:05:00') });
    const found = aggregator.reportedSince(at('2026-11-21T09:00:00')).sort((a, b) => a.reportedAt - b.reportedAt);
    expect(found).toEqual([
      { caseId: 'EDGE', gridCode: G2, reportedAt: at('2026-11-21T09:00:00') },
      { caseId: 'NEW', gridCode: G1, reportedAt: at('2026-11-28T11:00:00') },
    ]);
  });
});
