import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAlertsStore } from '../../../client/stores/alerts';
import { useCasesStore } from '../../../client/stores/cases';
import { useGridsStore } from '../../../client/stores/grids';
import { useLiveStore } from '../../../client/stores/live';
import type { ChildSummary } from '../../../contract';
import { alertOf, caseOf, deltaOf, evaluationOf, row, snapshotOf, summaryOf } from '../fixtures';

const DAY = '2026-11-28';

function child(code: string, reported: number): ChildSummary {
  const none = { closureRate: null, onTimeClosureRate: null, handlingRate: null, onTimeHandlingRate: null, reworkRate: null };
  return { code, name: `district ${code}`, level: 'district', reported, registered: 0, dispatched: 0, handled: 0, closed: 0, cancelled: 0, open: reported, overdue: 0, ...none };
}

describe('live store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('applies a snapshot to every store', () => {
    const live = useLiveStore();
    const outcome = live.applySnapshot(
      snapshotOf(7, DAY, {
        summary: summaryOf(DAY, { reported: 12, open: 5 }),
        grids: [row('500103001001003', 2, 1, 0)],
        recent: [caseOf(1, `${DAY}T09:00:00+08:00`)],
        alerts: [alertOf('a1', 'raised', `${DAY}T09:01:00+08:00`)],
      }),
    );
    expect(outcome).toBe('applied');
    expect(live.seq).toBe(7);
    expect(live.date).toBe(DAY);
    expect(live.summary?.reported).toBe(12);
    expect(useGridsStore().get('500103001001003')).toEqual(['500103001001003', 2, 1, 0]);
    expect(useCasesStore().recent.map((c) => c.caseId)).toEqual(['C000001']);
    expect([...useAlertsStore().active.keys()]).toEqual(['a1']);
  });

  it('applies deltas in sequence and ignores repeated ones', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(3, DAY));
    expect(live.applyDelta(deltaOf(4, { summary: summaryOf(DAY, { reported: 1 }), grids: [row('g1', 1, 1, 0)] }))).toBe('applied');
    expect(live.applyDelta(deltaOf(5, { summary: summaryOf(DAY, { reported: 2 }) }))).toBe('applied');
    expect(live.applyDelta(deltaOf(5, { summary: summaryOf(DAY, { reported: 99 }) }))).toBe('ignored');
    expect(live.seq).toBe(5);
    expect(live.summary?.reported).toBe(2);
    expect(useGridsStore().get('g1')).toEqual(['g1', 1, 1, 0]);
  });

  it('keeps the 考核 panel of the snapshot until a delta brings a changed one', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(3, DAY, { evaluation: evaluationOf(DAY, { lights: { red: 4, yellow: 2 } }) }));
    expect(live.evaluation?.lights).toEqual({ red: 4, yellow: 2 });
    live.applyDelta(deltaOf(4, { summary: summaryOf(DAY, { reported: 1 }) }));
    expect(live.evaluation?.lights).toEqual({ red: 4, yellow: 2 });
    live.applyDelta(deltaOf(5, { evaluation: evaluationOf(DAY, { lights: { red: 5, yellow: 1 } }) }));
    expect(live.evaluation?.lights).toEqual({ red: 5, yellow: 1 });
    live.applySnapshot(snapshotOf(9, DAY));
    expect(live.evaluation?.lights).toEqual({ red: 0, yellow: 0 });
  });

  it('asks for one resync on a gap and drops deltas until the snapshot', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(3, DAY, { summary: summaryOf(DAY, { reported: 3 }) }));
    expect(live.applyDelta(deltaOf(5, { summary: summaryOf(DAY, { reported: 50 }) }))).toBe('resync');
    expect(live.applyDelta(deltaOf(6, { summary: summaryOf(DAY, { reported: 60 }) }))).toBe('ignored');
    expect(live.applyHeartbeat({ seq: 9, asOf: `${DAY}T10:00:00+08:00` })).toBe('ignored');
    expect(live.summary?.reported).toBe(3);
    expect(live.resyncs).toBe(1);
    live.applySnapshot(snapshotOf(9, DAY, { summary: summaryOf(DAY, { reported: 9 }) }));
    expect(live.applyDelta(deltaOf(10, { summary: summaryOf(DAY, { reported: 10 }) }))).toBe('applied');
    expect(live.summary?.reported).toBe(10);
  });

  it('asks for a resync when a heartbeat shows a missed delta', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(3, DAY));
    expect(live.applyHeartbeat({ seq: 3, asOf: `${DAY}T10:00:00+08:00` })).toBe('applied');
    expect(live.applyHeartbeat({ seq: 4, asOf: `${DAY}T10:00:01+08:00` })).toBe('resync');
  });

  it('ignores deltas before the first snapshot and after a reconnect until the next one', () => {
    const live = useLiveStore();
    expect(live.applyDelta(deltaOf(1))).toBe('ignored');
    live.applySnapshot(snapshotOf(1, DAY));
    live.expectSnapshot();
    expect(live.applyDelta(deltaOf(2))).toBe('ignored');
    expect(live.seq).toBe(1);
  });

  it('asks for a reload when a snapshot names another client build than the first, and applies it meanwhile', () => {
    const live = useLiveStore();
    expect(live.applySnapshot(snapshotOf(1, DAY, { build: 'a1' }))).toBe('applied');
    live.expectSnapshot();
    expect(live.applySnapshot(snapshotOf(5, DAY, { build: 'a1' }))).toBe('applied');
    live.expectSnapshot();
    expect(live.applySnapshot(snapshotOf(1, DAY, { build: 'b2', summary: summaryOf(DAY, { reported: 9 }) }))).toBe('reload');
    expect(live.seq).toBe(1);
    expect(live.summary?.reported).toBe(9);
    // A server with no built client (a development server) names none: nothing to reload for.
    expect(live.applySnapshot(snapshotOf(2, DAY))).toBe('applied');
  });

  it('rolls to the new day: yesterday’s heat points go, the new day’s summary replaces the old', () => {
    const live = useLiveStore();
    const cases = useCasesStore();
    live.applySnapshot(snapshotOf(1, DAY, { recent: [caseOf(1, `${DAY}T23:59:00+08:00`)] }));
    live.applyDelta(deltaOf(2, { cases: [caseOf(2, `${DAY}T23:59:30+08:00`)] }));
    expect(cases.heatSize()).toBe(2);
    live.applySnapshot(snapshotOf(3, '2026-11-29', { summary: summaryOf('2026-11-29', { reported: 0 }) }));
    expect(live.date).toBe('2026-11-29');
    expect(cases.heatSize()).toBe(0);
    expect(live.summary?.date).toBe('2026-11-29');
  });

  it('merges the changed children of a delta by code and keeps the unchanged ones', () => {
    const live = useLiveStore();
    const a = child('500103', 1);
    const b = child('500105', 2);
    const c = child('500106', 3);
    live.applySnapshot(snapshotOf(1, DAY, { summary: summaryOf(DAY, { reported: 6, children: [a, b, c] }) }));
    live.applyDelta(deltaOf(2, { summary: summaryOf(DAY, { reported: 8, children: [child('500105', 4)] }) }));
    expect(live.summary?.reported).toBe(8);
    expect(live.summary?.children.map((x) => [x.code, x.reported])).toEqual([
      ['500103', 1],
      ['500105', 4],
      ['500106', 3],
    ]);
    // Unchanged children are the very objects of the snapshot: views keyed on them do not redraw.
    expect(live.summary?.children[0]).toBe(a);
    expect(live.summary?.children[2]).toBe(c);
    live.applyDelta(deltaOf(3, { summary: summaryOf(DAY, { reported: 9, children: [child('500106', 4), child('500103', 2)] }) }));
    expect(live.summary?.children.map((x) => [x.code, x.reported])).toEqual([
      ['500103', 2],
      ['500105', 4],
      ['500106', 4],
    ]);
  });

  it('keeps every child on a delta whose figures changed but none of its children', () => {
    const live = useLiveStore();
    const children = [child('500103', 1), child('500105', 2)];
    live.applySnapshot(snapshotOf(1, DAY, { summary: summaryOf(DAY, { reported: 3, children }) }));
    live.applyDelta(deltaOf(2, { summary: summaryOf(DAY, { reported: 3, open: 2, children: [] }) }));
    expect(live.summary?.open).toBe(2);
    expect(live.summary?.children).toEqual(children);
  });

  it('takes a delta listing every child as it is, and a snapshot replaces the children', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(1, DAY, { summary: summaryOf(DAY, { children: [child('500103', 1), child('500105', 2)] }) }));
    const all = [child('500103', 5), child('500105', 6)];
    live.applyDelta(deltaOf(2, { summary: summaryOf(DAY, { children: all }) }));
    expect(live.summary?.children).toEqual(all);
    live.applySnapshot(snapshotOf(7, DAY, { summary: summaryOf(DAY, { children: [child('500105', 9)] }) }));
    expect(live.summary?.children.map((x) => x.code)).toEqual(['500105']);
  });

  it('keeps a replay’s clock from every message it applies, reads at its instant, and forgets the heat points on its snapshots', () => {
    const live = useLiveStore();
    const cases = useCasesStore();
    const clock = (at: string, speed = 60) => ({ at, speed, until: `${DAY}T16:00:00.000+08:00` });
    live.applySnapshot(snapshotOf(1, DAY, { recent: [caseOf(1, `${DAY}T09:00:00+08:00`)], replay: clock(`${DAY}T09:00:00.000+08:00`) }));
    expect(live.replay?.at).toBe(`${DAY}T09:00:00.000+08:00`);
    expect(live.readDay).toEqual({ at: `${DAY}T09:00:00.000+08:00` });
    expect(cases.heatSize()).toBe(1);
    live.applyDelta(deltaOf(2, { cases: [caseOf(2, `${DAY}T09:30:00+08:00`)], replay: clock(`${DAY}T10:00:00.000+08:00`) }));
    expect(live.replay?.at).toBe(`${DAY}T10:00:00.000+08:00`);
    expect(cases.heatSize()).toBe(2);
    live.applyHeartbeat({ seq: 2, asOf: `${DAY}T10:01:00.000+08:00`, replay: clock(`${DAY}T10:01:00.000+08:00`, 0) });
    expect(live.replay?.speed).toBe(0);
    // A seek back within the same day: the points of the later instant go with it.
    live.applySnapshot(snapshotOf(0, DAY, { recent: [], replay: clock(`${DAY}T08:00:00.000+08:00`, 0) }));
    expect(cases.heatSize()).toBe(0);
    expect(live.replay?.at).toBe(`${DAY}T08:00:00.000+08:00`);
  });

  it('reads the live day when not replaying', () => {
    const live = useLiveStore();
    live.applySnapshot(snapshotOf(1, DAY));
    expect(live.replay).toBeNull();
    expect(live.readDay).toBe(DAY);
  });
});
