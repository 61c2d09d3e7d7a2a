import { describe, expect, it } from 'vitest';
import type { CaseItem } from '../../contract';
import { OverdueAlerts } from '../../server/live/overdue-alerts';

const item = (caseId: string, street: string, patch: Partial<CaseItem> = {}): CaseItem => ({
  caseId,
  status: 'dispatched',
  overdue: true,
  category: 'E.05.02',
  categoryName: '占道经营',
  source: 'inspector',
  gridCode: `${street}001001`,
  streetCode: street,
  streetName: `${street}街道`,
  districtCode: street.slice(0, 6),
  districtName: '渝中区',
  lng: 106.57,
  lat: 29.55,
  reportedAt: '2026-11-28T09:00:00+08:00',
  registeredAt: '2026-11-28T09:01:00+08:00',
  deadline: '2026-11-28T11:01:00+08:00',
  closedAt: null,
  department: '城管执法支队',
  updatedAt: '2026-11-28T09:05:00+08:00',
  urged: 0,
  ...patch,
});

const engine = () =>
  new OverdueAlerts({ groupMin: 3, streetCenter: () => [106.5, 29.5], gridName: () => '第1网格' });

describe('OverdueAlerts', () => {
  it('raises one alert per case below the group size, one street alert at or above it', () => {
    const alerts = engine();
    const raised = alerts.raise(
      [item('a', '500103001'), item('b', '500103001'), item('c', '500103002'), item('d', '500103002'), item('e', '500103002')],
      '2026-11-28T11:02:00+08:00',
    );
    expect(raised.map((a) => [a.scope, a.level, a.count])).toEqual([
      ['500103001001001', 'grid', 1],
      ['500103001001001', 'grid', 1],
      ['500103002', 'street', 3],
    ]);
    expect(raised[2]?.message).toBe('500103002街道 3 件案件同时超期（占道经营）');
    expect(raised[2]?.caseIds).toEqual(['c', 'd', 'e']);
    expect(raised.every((a) => a.kind === 'overdue' && a.state === 'raised')).toBe(true);
  });

  it('ignores cases already handled or no longer overdue, and cases already alerted', () => {
    const alerts = engine();
    expect(alerts.raise([item('a', '500103001', { status: 'handled' }), item('b', '500103001', { overdue: false })], 't')).toEqual([]);
    expect(alerts.raise([item('c', '500103001')], 't')).toHaveLength(1);
    expect(alerts.raise([item('c', '500103001')], 't')).toEqual([]);
  });

  it('clears an alert with the same id once none of its cases is still waiting', () => {
    const alerts = engine();
    const [street] = alerts.raise([item('a', '500103002'), item('b', '500103002'), item('c', '500103002')], 't0');
    if (!street) throw new Error('no alert raised');
    const settle = (changed: Map<string, CaseItem | undefined>, at: string) => alerts.settle([...changed.keys()], (id) => changed.get(id), at);
    expect(settle(new Map([['a', item('a', '500103002', { status: 'closed' })]]), 't1')).toEqual([]);
    expect(settle(new Map([['b', item('b', '500103002', { status: 'reworked' })]]), 't1')).toEqual([]);
    expect(alerts.waitingOn(street.id)).toEqual(['b', 'c']);
    const cleared = settle(
      new Map<string, CaseItem | undefined>([
        ['b', item('b', '500103002', { status: 'handled' })],
        ['c', undefined],
      ]),
      't2',
    );
    expect(cleared).toEqual([{ ...street, state: 'cleared', at: 't2' }]);
    expect(alerts.waitingOn(street.id)).toEqual([]);
  });
});
