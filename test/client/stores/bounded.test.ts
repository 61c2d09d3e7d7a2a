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
    const batch = Array.from({ length: HEAT_LIMIT + 500 }, (_, i) => caseOf(i, at(i % 3600)));
    cases.merge(batch);
    expect(cases.heatSize()).toBe(HEAT_LIMIT);
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
