import { beforeEach, describe, expect, it } from 'vitest';
import { Aggregator, CoreError } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { MapEvictedCases } from './checkpoint-harness';
import { syntheticCity } from './synthetic-city';

const city = syntheticCity({ districts: 2, streets: 4, grids: 8 });
const [D1, D2] = city.childrenOf('city');
const [S11] = city.childrenOf(D1);
const [C111] = city.childrenOf(S11);
const [G111, G112] = city.childrenOf(C111);
const S21 = city.childrenOf(D2)[0];
const C211 = city.childrenOf(S21)[0];
const G2 = city.childrenOf(C211)[0];
const at = (local: string) => Date.parse(`${local}+08:00`);

let now = 0;
let aggregator: Aggregator;
let seq = 0;
function send(caseId: string, type: CaseEventRecord['type'], local: string, extra: Partial<CaseEventRecord> = {}): void {
  aggregator.apply({ id: `e${(seq += 1)}`, caseId, type, at: at(local), ...extra });
}
function report(caseId: string, local: string, grid = G111, extra: Partial<CaseEventRecord> = {}): void {
  send(caseId, 'reported', local, { gridCode: grid, category: 'E.05.02', source: 'hotline', ...extra });
}

beforeEach(() => {
  now = at('2026-11-25T11:00:00');
  aggregator = new Aggregator({ city, now: () => now });
});

describe('overdue', () => {
  it('turns a case overdue once its deadline has passed, not at the deadline itself', () => {
    report('C1', '2026-11-25T09:30:00');
    send('C1', 'registered', '2026-11-25T10:00:00'); // E.05.02: 2 work-hours → 12:00
    aggregator.drainChanges();
    now = at('2026-11-25T12:00:00');
    aggregator.advance();
    expect(aggregator.summary('city').overdue).toBe(0);
    expect(aggregator.drainChanges().overdue).toEqual([]);
    now += 1;
    aggregator.advance();
    const changes = aggregator.drainChanges();
    expect(changes.overdue).toEqual(['C1']);
    expect(new Set(changes.grids)).toEqual(new Set([G111]));
    expect(new Set(changes.scopes)).toEqual(new Set(['city', D1, S11, C111, G111]));
    expect(aggregator.summary(S11).overdue).toBe(1);
    expect(aggregator.summary(D2).overdue).toBe(0);
    expect(aggregator.grids(G111)).toEqual([[G111, 1, 1, 1]]);
    expect(aggregator.caseItem('C1')?.overdue).toBe(true);
    now += 60_000;
    aggregator.advance();
    expect(aggregator.drainChanges().overdue).toEqual([]);
    send('C1', 'closed', '2026-11-25T12:30:00');
    expect(aggregator.summary('city')).toMatchObject({ open: 0, overdue: 0, closed: 1, closureRate: 1, onTimeClosureRate: 0 });
  });

  it('counts a case that arrives already late at once, without calling it a fresh passing', () => {
    now = at('2026-11-26T09:00:00');
    aggregator = new Aggregator({ city, now: () => now });
    report('C1', '2026-11-25T09:30:00');
    send('C1', 'registered', '2026-11-25T10:00:00');
    expect(aggregator.summary('city').overdue).toBe(1);
    expect(aggregator.drainChanges().overdue).toEqual([]);
  });

  it('follows an explicit deadline, and a later registration override wins over the report', () => {
    report('C1', '2026-11-25T09:30:00', G111, { deadline: at('2026-11-25T10:30:00') });
    send('C1', 'registered', '2026-11-25T10:00:00', { deadline: at('2026-11-25T20:00:00') });
    expect(aggregator.caseItem('C1')?.deadline).toBe('2026-11-25T20:00:00+08:00');
    report('C2', '2026-11-25T09:30:00', G111, { deadline: at('2026-11-25T10:30:00') });
    send('C2', 'registered', '2026-11-25T10:00:00');
    expect(aggregator.caseItem('C2')).toMatchObject({ deadline: '2026-11-25T10:30:00+08:00', overdue: true });
    report('C3', '2026-11-25T09:30:00');
    expect(aggregator.caseItem('C3')?.deadline).toBeNull();
  });
});

describe('midnight', () => {
  it('switches today and the grids’ reported-today at local midnight and says so once', () => {
    now = at('2026-11-25T23:59:00');
    report('C1', '2026-11-25T23:30:00');
    report('C2', '2026-11-26T00:10:00');
    aggregator.drainChanges();
    expect(aggregator.today()).toBe('2026-11-25');
    expect(aggregator.grids(G111)).toEqual([[G111, 1, 2, 0]]);
    now = at('2026-11-26T00:00:00');
    aggregator.advance();
    expect(aggregator.today()).toBe('2026-11-26');
    expect(aggregator.drainChanges().newDay).toBe(true);
    aggregator.advance();
    expect(aggregator.drainChanges().newDay).toBe(false);
    expect(aggregator.grids(G111)).toEqual([[G111, 1, 2, 0]]);
    expect(aggregator.summary(G111)).toMatchObject({ date: '2026-11-26', reported: 1 });
    expect(aggregator.summary(G111, '2026-11-25')).toMatchObject({ reported: 1 });
    expect(aggregator.summary(C111, '2026-11-25').children.find((c) => c.code === G111)?.reported).toBe(1);
    expect(aggregator.summary(S11, '2026-11-25').children.find((c) => c.code === C111)?.reported).toBe(1);
  });
});

describe('check', () => {
  it('refuses events after a closure or cancellation, and accepts earlier ones', () => {
    report('C1', '2026-11-25T09:00:00');
    send('C1', 'closed', '2026-11-25T10:00:00');
    const handled = { id: 'x', caseId: 'C1', type: 'handled', at: at('2026-11-25T10:30:00') } as const;
    expect(aggregator.check(handled)).toBe('case C1 was closed at 2026-11-25T10:00:00+08:00; no events after closure');
    expect(aggregator.check({ ...handled, at: at('2026-11-25T09:30:00') })).toBeUndefined();
    expect(aggregator.check({ ...handled, type: 'cancelled', at: at('2026-11-25T10:00:00') })).toMatch(/no events after closure/);
    report('C2', '2026-11-25T09:00:00');
    send('C2', 'cancelled', '2026-11-25T09:05:00');
    expect(aggregator.check({ ...handled, caseId: 'C2' })).toBe('case C2 was cancelled at 2026-11-25T09:05:00+08:00; no events after cancellation');
    expect(aggregator.check({ ...handled, caseId: 'NEW' })).toBeUndefined();
  });

  it('explains reports it cannot place or classify', () => {
    const base = { id: 'r', caseId: 'C9', type: 'reported', at: now, gridCode: G111, category: 'E.05.02', source: 'video' } as const;
    expect(aggregator.check(base)).toBeUndefined();
    expect(aggregator.check({ ...base, gridCode: '999999999999999' })).toMatch(/grid "999999999999999" is not a grid of 测试市/);
    expect(aggregator.check({ ...base, category: 'E.99.99' })).toMatch(/category "E.99.99" is not in the catalogue/);
    expect(aggregator.check({ ...base, at: Number.NaN })).toMatch(/not a valid instant/);
  });
});

describe('reads', () => {
  it('names scopes and children by level', () => {
    report('C1', '2026-11-25T09:00:00', G2);
    const summary = aggregator.summary('city');
    expect(summary).toMatchObject({ scope: 'city', level: 'city', name: '测试市', date: '2026-11-25', asOf: '2026-11-25T11:00:00+08:00' });
    expect(summary.children.map((c) => [c.code, c.level, c.reported])).toEqual([[D1, 'district', 0], [D2, 'district', 1]]);
    expect(aggregator.summary(S11).children.map((c) => [c.code, c.level])).toEqual(city.childrenOf(S11).map((c) => [c, 'community']));
    expect(aggregator.summary(C111).children.map((c) => [c.code, c.level])).toEqual(city.childrenOf(C111).map((g) => [g, 'grid']));
    expect(aggregator.summary(G111)).toMatchObject({ level: 'grid', children: [] });
  });

  it('gives clear errors for unknown scopes, malformed dates and days outside retention', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof CoreError ? [e.code, e.message] : ['other', String(e)];
      }
      return ['none', ''];
    };
    expect(error(() => aggregator.summary('500199'))).toEqual(['unknown-scope', 'unknown scope "500199"']);
    expect(error(() => aggregator.cases('nowhere', 'open', 5))).toEqual(['unknown-scope', 'unknown scope "nowhere"']);
    expect(error(() => aggregator.summary('city', '2026-13-01'))).toEqual(['bad-date', 'date "2026-13-01" is not a calendar date YYYY-MM-DD']);
    expect(error(() => aggregator.summary('city', '2026-11-26'))).toEqual(['out-of-retention', 'date 2026-11-26 is outside the retained days 2025-10-22 to 2026-11-25']);
    expect(error(() => aggregator.departments('2025-10-21'))[0]).toBe('out-of-retention');
    expect(aggregator.retained()).toEqual({ first: '2025-10-22', last: '2026-11-25' });
  });

  it('lists open cases oldest first, overdue most overdue first, recent newest first', () => {
    report('A', '2026-11-25T08:00:00');
    send('A', 'registered', '2026-11-25T08:10:00', { deadline: at('2026-11-25T10:00:00') });
    report('B', '2026-11-25T07:00:00', G112);
    send('B', 'registered', '2026-11-25T07:10:00', { deadline: at('2026-11-25T09:00:00') });
    report('C', '2026-11-25T09:00:00', G112);
    send('A', 'dispatched', '2026-11-25T10:30:00');
    expect(aggregator.cases(S11, 'open', 10).map((c) => c.caseId)).toEqual(['B', 'A', 'C']);
    expect(aggregator.cases(S11, 'overdue', 10).map((c) => c.caseId)).toEqual(['B', 'A']);
    expect(aggregator.cases(G112, 'open', 1).map((c) => c.caseId)).toEqual(['B']);
    expect(aggregator.recent('city', 2).map((c) => c.caseId)).toEqual(['A', 'C']);
    expect(aggregator.recent(G112, 5).map((c) => c.caseId)).toEqual(['C', 'B']);
    expect(aggregator.recent(D2, 5)).toEqual([]);
  });

  it('builds case items from the report and the first named dispatch', () => {
    report('C1', '2026-11-25T09:00:00', G111, { description: '占道摆摊', lng: 106.0011, lat: 29.0012 });
    send('C1', 'registered', '2026-11-25T09:05:00');
    send('C1', 'dispatched', '2026-11-25T09:10:00');
    expect(aggregator.caseItem('C1')).toMatchObject({ department: '城管执法支队', description: '占道摆摊', lng: 106.0011, categoryName: '占道经营' });
    send('C1', 'dispatched', '2026-11-25T09:20:00', { department: '街道办事处' });
    send('C1', 'dispatched', '2026-11-25T09:30:00', { department: '环卫处' });
    report('C2', '2026-11-25T09:00:00', G2);
    expect(aggregator.caseItem('C1')).toMatchObject({ department: '街道办事处', status: 'dispatched', streetCode: S11, districtCode: D1 });
    expect(aggregator.caseItem('C2')).toMatchObject({ lng: city.centerOf(G2)?.[0], lat: city.centerOf(G2)?.[1], department: null, registeredAt: null });
    expect(aggregator.caseItem('nope')).toBeUndefined();
  });

  it('scores departments: 40 on-time + 30 handled + 20 (1 − rework) + 10 (1 − overdue), best first', () => {
    for (const id of ['A', 'B']) {
      report(id, '2026-11-25T08:00:00');
      send(id, 'registered', '2026-11-25T08:05:00');
      send(id, 'dispatched', '2026-11-25T08:10:00', { department: '甲处' });
    }
    send('A', 'handled', '2026-11-25T09:00:00');
    send('B', 'reworked', '2026-11-25T09:30:00');
    report('C', '2026-11-25T08:00:00');
    send('C', 'registered', '2026-11-25T08:05:00');
    send('C', 'dispatched', '2026-11-25T08:10:00', { department: '乙处' });
    send('C', 'handled', '2026-11-25T08:30:00');
    expect(aggregator.departments()).toEqual([
      { department: '乙处', dispatched: 1, handled: 1, onTime: 1, reworked: 0, overdue: 0, urged: 0, score: 100 },
      { department: '甲处', dispatched: 2, handled: 1, onTime: 1, reworked: 1, overdue: 0, urged: 0, score: 55 },
    ]);
  });
});

describe('arrival order and held cases', () => {
  it('holds events until the case’s report arrives, then counts them all', () => {
    send('C1', 'registered', '2026-11-25T09:10:00');
    send('C1', 'dispatched', '2026-11-25T09:20:00');
    expect(aggregator.stats()).toEqual({ cases: 0, held: 1, events: 2 });
    expect(aggregator.summary('city').registered).toBe(0);
    expect(aggregator.caseItem('C1')).toBeUndefined();
    report('C1', '2026-11-25T09:00:00');
    expect(aggregator.stats()).toEqual({ cases: 1, held: 0, events: 3 });
    expect(aggregator.summary('city')).toMatchObject({ reported: 1, registered: 1, dispatched: 1, open: 1 });
  });

  it('retracts what a late closure makes void', () => {
    report('C1', '2026-11-25T09:00:00');
    send('C1', 'registered', '2026-11-25T09:10:00');
    send('C1', 'handled', '2026-11-25T10:30:00');
    send('C1', 'closed', '2026-11-25T10:00:00');
    expect(aggregator.summary('city')).toMatchObject({ handled: 0, closed: 1, open: 0, handlingRate: null });
    expect(aggregator.summary('city').closeMinutes).toEqual({ p50: 60, p90: 60 });
    expect(aggregator.caseItem('C1')?.status).toBe('closed');
  });

  it('keeps days past retention out of the figures but the case open', () => {
    aggregator = new Aggregator({ city, now: () => now, retentionDays: 2 });
    report('OLD', '2026-11-20T09:00:00');
    report('NEW', '2026-11-24T09:00:00');
    expect(aggregator.retained()).toEqual({ first: '2026-11-24', last: '2026-11-25' });
    expect(aggregator.summary('city', '2026-11-24')).toMatchObject({ reported: 1, open: 2 });
    expect(() => aggregator.summary('city', '2026-11-23')).toThrow(/outside the retained days 2026-11-24 to 2026-11-25/);
    now = at('2026-11-26T08:00:00');
    expect(() => aggregator.summary('city', '2026-11-24')).toThrow(CoreError);
    expect(aggregator.summary('city', '2026-11-25')).toMatchObject({ reported: 0, open: 2 });
  });

  it('gives a case numbered after a compaction a row of its own, not that of the case moved out of it', () => {
    aggregator = new Aggregator({ city, now: () => now, retentionDays: 2, evicted: new MapEvictedCases() });
    report('GONE', '2026-11-20T09:00:00');
    send('GONE', 'closed', '2026-11-20T10:00:00');
    report('KEPT', '2026-11-24T09:00:00');
    expect(aggregator.evict()).toBe(1);
    report('NEW', '2026-11-25T07:00:00', G2);
    expect(aggregator.summary('city')).toMatchObject({ reported: 1, open: 2 });
    expect(aggregator.summary(G2)).toMatchObject({ reported: 1, open: 1 });
  });
});

describe('changes', () => {
  it('reports today’s scopes, grids and cases oldest change first, and past days only through live values', () => {
    aggregator.drainChanges();
    report('P', '2026-11-20T09:00:00', G2);
    send('P', 'closed', '2026-11-20T10:00:00');
    let changes = aggregator.drainChanges();
    expect(new Set(changes.scopes)).toEqual(new Set(['city', D2, S21, C211, G2]));
    send('P', 'registered', '2026-11-20T09:30:00');
    changes = aggregator.drainChanges();
    expect(changes.scopes).toEqual([]);
    expect(changes.grids).toEqual([]);
    expect(changes.cases).toEqual(['P']);
    report('A', '2026-11-25T09:00:00', G111);
    report('B', '2026-11-25T09:00:00', G2);
    send('A', 'registered', '2026-11-25T09:10:00');
    changes = aggregator.drainChanges();
    expect(changes.cases).toEqual(['B', 'A']);
    expect(new Set(changes.grids)).toEqual(new Set([G111, G2]));
    expect(new Set(changes.scopes)).toEqual(new Set(['city', D1, S11, C111, G111, D2, S21, C211, G2]));
    // Lists, each code once.
    expect(changes.scopes).toHaveLength(9);
    expect(changes.grids).toHaveLength(2);
    expect(aggregator.drainChanges()).toEqual({ scopes: [], grids: [], cases: [], overdue: [], newDay: false });
  });
});
