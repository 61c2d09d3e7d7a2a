import { describe, expect, it } from 'vitest';
import { customPeriod, parsePeriod, previousPeriod, lastYearPeriod, type Period } from '../../contract';
import { Aggregator } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { syntheticCity } from './synthetic-city';

const city = syntheticCity({ districts: 2, streets: 4, grids: 16, communitiesPerStreet: 2 });
const grid = city.gridCodeAt(0);
const at = (local: string) => Date.parse(`${local}+08:00`);
const DECEMBER = parsePeriod('2016-12') as Period;

/** A stream of cases registered on Dec 1–28, 2016, each with a 10-day explicit deadline; what happens to each is told by `kind`. */
function tianmen(): CaseEventRecord[] {
  const events: CaseEventRecord[] = [];
  const kinds: Array<[kind: string, count: number]> = [
    ['closed on time', 737],
    ['closed late', 911 - 737],
    ['handled, not closed', 20],
    ['overdue', 972 - 911 - 20],
    ['not due yet', 24],
    ['cancelled', 5],
  ];
  let i = 0;
  for (const [kind, count] of kinds) {
    for (let k = 0; k < count; k += 1, i += 1) {
      const caseId = `TM${i}`;
      const day = (kind === 'not due yet' ? 28 : 1 + (i % 18)).toString().padStart(2, '0');
      const registered = at(`2016-12-${day}T09:00:00`);
      const add = (type: CaseEventRecord['type'], ms: number, extra: Partial<CaseEventRecord> = {}) =>
        events.push({ id: `${caseId}-${events.length}`, caseId, type, at: ms, ...extra });
      add('reported', registered - 600_000, { gridCode: grid, category: 'E.05.02', source: 'inspector' });
      add('registered', registered, { deadline: registered + 10 * 86_400_000 });
      if (kind === 'cancelled') add('cancelled', registered + 3_600_000);
      if (kind === 'not due yet' || kind === 'cancelled' || kind === 'overdue') continue;
      add('dispatched', registered + 1_800_000);
      const handledAt = registered + (kind === 'closed late' ? 12 : 2) * 86_400_000;
      add('handled', handledAt);
      if (kind !== 'handled, not closed') add('closed', handledAt + 3_600_000);
    }
  }
  return events;
}

describe('the evaluation reproduces the published arithmetic', () => {
  it('Tianmen, Dec 2016: 立案 996, 应结案 972, 结案 911 (93.72 %), 按期结案 737 (75.82 %)', () => {
    const aggregator = new Aggregator({ city, now: () => at('2017-01-10T00:00:00') });
    aggregator.applyAll(tianmen());
    const figures = aggregator.evaluation('city', DECEMBER, at('2016-12-31T23:59:59'));
    expect(figures).toMatchObject({ registered: 996, cancelled: 5, due: 972, closed: 911, closedOnTime: 737, overdueOpen: 972 - 911 - 20 });
    expect(Math.round((figures.closureRate ?? 0) * 10_000) / 100).toBe(93.72);
    expect(Math.round((figures.onTimeClosureRate ?? 0) * 10_000) / 100).toBe(75.82);
    // The 24 registered on Dec 28 are due by Jan 7: as of then every case of the month is due.
    expect(aggregator.evaluation('city', DECEMBER, at('2017-01-08T12:00:00')).due).toBe(996);
  });
});

describe('the rules of a case', () => {
  const events: CaseEventRecord[] = [];
  const send = (caseId: string, type: CaseEventRecord['type'], local: string, extra: Partial<CaseEventRecord> = {}) =>
    events.push({ id: `${caseId}-${events.length}`, caseId, type, at: at(local), ...extra });
  const open = (caseId: string) => {
    send(caseId, 'reported', '2026-11-02T08:00:00', { gridCode: grid, category: 'E.05.02', source: 'hotline' });
    send(caseId, 'registered', '2026-11-02T09:00:00', { deadline: at('2026-11-05T09:00:00') });
    send(caseId, 'dispatched', '2026-11-02T10:00:00', { department: '市政设施处' });
  };
  open('EXT');
  send('EXT', 'extended', '2026-11-04T09:00:00', { deadline: at('2026-11-09T09:00:00') });
  send('EXT', 'handled', '2026-11-08T09:00:00');
  send('EXT', 'closed', '2026-11-08T10:00:00');
  open('SHORT');
  send('SHORT', 'extended', '2026-11-04T09:00:00', { deadline: at('2026-11-04T12:00:00') });
  open('REWORK');
  send('REWORK', 'handled', '2026-11-03T09:00:00');
  send('REWORK', 'reworked', '2026-11-03T12:00:00');
  open('PAUSED');
  send('PAUSED', 'suspended', '2026-11-03T09:00:00');
  open('BACK');
  send('BACK', 'returned', '2026-11-02T11:00:00', { department: '园林绿化处' });
  send('BACK', 'dispatched', '2026-11-02T12:00:00');
  send('BACK', 'urged', '2026-11-04T12:00:00', { note: '请加快办理', by: '指挥中心' });
  send('BACK', 'handled', '2026-11-04T15:00:00');
  const aggregator = new Aggregator({ city, now: () => at('2026-11-20T00:00:00') });
  aggregator.applyAll(events);
  const asOf = at('2026-11-06T00:00:00');
  const november = parsePeriod('2026-11') as Period;

  it('judges on time against an extension that moved the deadline later, and ignores one that did not', () => {
    const byCase = aggregator.evaluation(city.gridCodeAt(0), november, at('2026-11-10T00:00:00'));
    expect(byCase).toMatchObject({ registered: 5, suspended: 1, extended: 1, closed: 1, closedOnTime: 1 });
    // Before the extension was asked for, EXT was due on the 5th; as of the 6th it is extended and not yet due.
    const early = aggregator.evaluation('city', november, asOf);
    expect(early).toMatchObject({ registered: 5, suspended: 1, due: 3, overdueOpen: 2, extended: 1, returned: 1, urged: 1, handled: 1, handledOnTime: 1 });
    expect(early.reworked).toBe(1);
  });

  it('counts a return against the department that returned, and the case under the one it went to', () => {
    const rows = aggregator.departmentEvaluation('city', november, asOf).rows;
    const named = new Map(rows.map((row) => [row.department, row]));
    expect(named.get('园林绿化处')).toMatchObject({ registered: 0, returned: 1 });
    expect(named.get('市政设施处')).toMatchObject({ registered: 5, returned: 0 });
  });

  it('scores 40 on-time closure + 30 closure + 20 (1 − rework) + 10 (1 − extension), and grades it', () => {
    const none = aggregator.evaluation('city', parsePeriod('2026-10') as Period, asOf);
    expect(none).toMatchObject({ registered: 0, closureRate: null, score: 100, grade: 'A' });
    const early = aggregator.evaluation('city', november, asOf);
    // Due 3 (SHORT and REWORK overdue, BACK handled), all dispatched: closed 0, rework 1/3, extension 1/3 (EXT).
    expect(early.score).toBe(Math.round((40 * 0 + 30 * 0 + 20 * (1 - 1 / 3) + 10 * (1 - 1 / 3)) * 10) / 10);
    expect(early.grade).toBe('E');
  });

  it('refuses a cut-off later than now', () => {
    expect(() => aggregator.evaluation('city', november, at('2026-12-01T00:00:00'))).toThrow(/asOf must be an instant no later than now/);
  });
});

describe('periods', () => {
  it('name months, quarters, years and ISO weeks, and find the one before and the one a year before', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', label: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2024')).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
    expect(parsePeriod('2026-W48')).toEqual({ kind: 'week', label: '2026-W48', from: '2026-11-23', to: '2026-11-29' });
    expect(parsePeriod('2026-13')).toMatch(/no such month/);
    expect(parsePeriod('2026-W54')).toMatch(/no such ISO week/);
    expect(parsePeriod('last month')).toMatch(/is not a month/);
    expect(previousPeriod(parsePeriod('2026-03') as Period)).toMatchObject({ label: '2026-02', to: '2026-02-28' });
    expect(previousPeriod(parsePeriod('2026-Q1') as Period).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-W01') as Period).label).toBe('2025-W52');
    expect(previousPeriod(customPeriod('2026-11-10', '2026-11-16') as Period)).toMatchObject({ from: '2026-11-03', to: '2026-11-09' });
    expect(lastYearPeriod(parsePeriod('2024-02') as Period)).toMatchObject({ label: '2023-02', to: '2023-02-28' });
    expect(lastYearPeriod(customPeriod('2024-02-29', '2024-03-01') as Period)).toMatchObject({ from: '2023-02-28', to: '2023-03-01' });
    expect(customPeriod('2026-11-10', '2026-11-01')).toMatch(/ends .* before it starts/);
  });
});
