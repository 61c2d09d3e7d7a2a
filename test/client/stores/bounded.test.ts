import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIVE_ALERT_LIMIT, ALERT_LOG_LIMIT, useAlertsStore } from '../../../client/stores/alerts';
import { HEAT_LIMIT, RECENT_LIMIT, useCasesStore } from '../../../client/stores/cases';
import { alertOf, caseOf } from '../fixtures';

const at = (second: number): string => new Date(Date.UTC(2026, 10, 28, 2, 0, second)).toISOString();

describe('bounded lists', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the newest cases, once each, up to the limit', () => {
    const cases = useCasesStore();
    for (let i = 0; i < 200; i += 1) cases.merge([caseOf(i, at(i))]);
    cases.merge([caseOf(5, at(500), { status: 'closed' })]);
    expect(cases.recent).toHaveLength(RECENT_LIMIT);
    expect(cases.recent[0]).toMatchObject({ caseId: 'C000005', status: 'closed' });
    expect(cases.recent[1].caseId).toBe('C000199');
    expect(new Set(cases.recent.map((c) => c.caseId)).size).toBe(RECENT_LIMIT);
  });

  it('keeps at most HEAT_LIMIT heat points, dropping the oldest', () => {
    const cases = useCasesStore();
    cases.reset([], '2026-11-28');
    const batch = Array.from({ length: HEAT_LIMIT + 500 }, (_, i) => caseOf(i, at(i % 3600)));
    cases.merge(batch);
    expect(cases.heatSize()).toBe(HEAT_LIMIT);
    expect(new Set([...cases.heatPoints()].map(([lng]) => lng)).has(batch[0].lng)).toBe(false);
    expect([...cases.heatPoints()].at(-1)).toEqual([batch.at(-1)?.lng, batch.at(-1)?.lat]);
  });

  it("puts the day's points from the server under the live ones, drops another day's, and stays bounded", () => {
    const cases = useCasesStore();
    // Live: two of today's cases, one of them also in the server's list; one reported yesterday and updated today.
    cases.reset([caseOf(1, at(10)), caseOf(2, at(11)), caseOf(3, at(12), { reportedAt: '2026-11-27T23:00:00+08:00' })], '2026-11-28');
    expect(cases.heatSize()).toBe(2);
    const point = (n: number): [string, number, number] => [`C${String(n).padStart(6, '0')}`, 100 + n, 30];
    // Newest first, as the server lists them; more than the bound.
    const listed = [point(2), ...Array.from({ length: HEAT_LIMIT + 10 }, (_, i) => point(HEAT_LIMIT + 100 - i))];
    cases.addPoints('2026-11-27', listed);
    expect(cases.heatSize()).toBe(2);
    cases.addPoints('2026-11-28', listed);
    expect(cases.heatSize()).toBe(HEAT_LIMIT);
    const points = [...cases.heatPoints()];
    // The live ones last (newest), with their own coordinates; the server's oldest dropped.
    expect(points.slice(-2)).toEqual([
      [caseOf(1, at(10)).lng, 29.55],
      [caseOf(2, at(11)).lng, 29.55],
    ]);
    // Listed: C2 and C91…C(HEAT_LIMIT + 100); with C1 that is HEAT_LIMIT + 12 cases, so C91…C102 go.
    expect(points[0]).toEqual([203, 30]);
  });

  it('tracks raised and cleared alerts with a bounded log and bounded active set', () => {
    const alerts = useAlertsStore();
    alerts.apply([alertOf('a1', 'raised', at(1)), alertOf('a2', 'raised', at(2))]);
    alerts.apply([alertOf('a1', 'cleared', at(3))]);
    expect([...alerts.active.keys()]).toEqual(['a2']);
    expect(alerts.log.map((e) => `${e.alert.id}:${e.alert.state}`)).toEqual(['a1:cleared', 'a2:raised', 'a1:raised']);
    for (let i = 0; i < 300; i += 1) alerts.apply([alertOf(`x${i}`, 'raised', at(i))]);
    expect(alerts.log).toHaveLength(ALERT_LOG_LIMIT);
    expect(alerts.active.size).toBe(ACTIVE_ALERT_LIMIT);
    expect(alerts.active.has('x299')).toBe(true);
  });
});
