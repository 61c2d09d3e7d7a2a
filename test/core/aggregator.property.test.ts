import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SOURCES, type EventType } from '../../contract';
import { Aggregator } from '../../server/core/aggregator';
import { blankRecord, type CaseEventRecord } from '../../server/core/case-event-record';
import { LocalTime } from '../../server/core/local-time';
import { DEFAULT_OFFICE_HOURS, WorkCalendar } from '../../contract/work-calendar';
import { NaiveCity, naiveCases } from './naive-model';
import { syntheticCity } from './synthetic-city';

const ZONE = 'Asia/Shanghai';
const city = syntheticCity({ districts: 2, streets: 4, grids: 12, communitiesPerStreet: 2 });
const calendar = new WorkCalendar(new LocalTime(ZONE), DEFAULT_OFFICE_HOURS);
/** Just before the National Day holiday of 2026 (10-01..10-07), so work-time deadlines jump it. */
const START = Date.parse('2026-09-29T00:00:00+08:00');
const MINUTE = 60_000;
/** Every time-limit unit of the catalogue. */
const CATEGORIES = ['E.05.02', 'C.01.03', 'C.02.01', 'E.04.01', 'E.06.01', 'E.01.04'];
const DEPARTMENTS = ['市政设施处', '街道办事处', '甲处'];
const below = (codes: string[]) => codes.flatMap((code) => city.childrenOf(code));
const districts = city.childrenOf('city');
const streets = below([...districts]);
const communities = below(streets);
/** Every scope but the grids: their grid lists, case lists and summaries are checked. */
const scopes = ['city', ...districts, ...streets, ...communities];
const allScopes = [...scopes, ...below(communities)];

/** Minutes after the report; a few shared values make same-instant ties (lifecycle order, on-time boundaries) common. */
const later = fc.oneof(fc.integer({ min: -120, max: 3000 }), fc.constantFrom(0, 60, 120, 240));
const maybeDeadline = fc.option(fc.oneof(fc.integer({ min: -60, max: 4000 }), fc.constantFrom(60, 120, 240)), { freq: 4 });
const caseArb = fc.record({
  reported: fc.integer({ min: 0, max: 11 }).map((x) => x > 0),
  at: fc.integer({ min: 0, max: 3 * 1440 }),
  grid: fc.nat({ max: city.gridCount - 1 }),
  category: fc.constantFrom(...CATEGORIES),
  source: fc.constantFrom(...SOURCES),
  reportedDeadline: maybeDeadline,
  registered: fc.option(fc.record({ after: later, deadline: maybeDeadline }), { freq: 5 }),
  dispatched: fc.array(fc.record({ after: later, department: fc.option(fc.constantFrom(...DEPARTMENTS)) }), { maxLength: 2 }),
  handled: fc.array(later, { maxLength: 2 }),
  reworked: fc.array(later, { maxLength: 1 }),
  extended: fc.array(fc.record({ after: later, deadline: fc.integer({ min: -60, max: 6000 }) }), { maxLength: 2 }),
  paused: fc.array(fc.record({ after: later, resumed: fc.boolean() }), { maxLength: 2 }),
  returned: fc.array(fc.record({ after: later, department: fc.option(fc.constantFrom(...DEPARTMENTS)) }), { maxLength: 1 }),
  urged: fc.array(later, { maxLength: 1 }),
  closed: fc.option(later, { freq: 2 }),
  cancelled: fc.option(later, { freq: 6 }),
});
type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(specs: CaseSpec[]): CaseEventRecord[] {
  const events: CaseEventRecord[] = [];
  specs.forEach((spec, i) => {
    const caseId = `C${i}`;
    const at = (minutes: number) => START + (spec.at + minutes) * MINUTE;
    const add = (type: EventType, minutes: number, extra: Partial<CaseEventRecord> = {}) =>
      events.push({ id: `${caseId}-${events.length}`, caseId, type, at: at(minutes), ...extra });
    if (spec.reported) {
      add('reported', 0, {
        gridCode: city.gridCodeAt(spec.grid),
        category: spec.category,
        source: spec.source,
        ...(spec.reportedDeadline === null ? {} : { deadline: at(spec.reportedDeadline) }),
      });
    }
    if (spec.registered) add('registered', spec.registered.after, spec.registered.deadline === null ? {} : { deadline: at(spec.registered.deadline) });
    for (const d of spec.dispatched) add('dispatched', d.after, d.department === null ? {} : { department: d.department });
    for (const m of spec.handled) add('handled', m);
    for (const m of spec.reworked) add('reworked', m);
    for (const x of spec.extended) add('extended', x.after, { deadline: at(x.deadline) });
    for (const p of spec.paused) add(p.resumed ? 'resumed' : 'suspended', p.after);
    for (const r of spec.returned) add('returned', r.after, r.department === null ? {} : { department: r.department });
    for (const m of spec.urged) add('urged', m);
    if (spec.closed !== null) add('closed', spec.closed);
    if (spec.cancelled !== null) add('cancelled', spec.cancelled);
  });
  return events;
}

/** The events one by one in a single object, as the ingest and the replay hand them over: the aggregator must keep none. */
function* inOneObject(events: readonly CaseEventRecord[]): Generator<CaseEventRecord> {
  const shared = blankRecord();
  for (const event of events) yield Object.assign(shared, blankRecord(), event);
}

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i % keys.length] * 7919 + i })).sort((a, b) => a.key - b.key).map((x) => x.item);
}

function compareWithNaive(aggregator: Aggregator, events: CaseEventRecord[], now: number): void {
  const naive = new NaiveCity(city, naiveCases(events, calendar), ZONE, now);
  const today = DateTime.fromMillis(now, { zone: ZONE }).toISODate() ?? '';
  expect(aggregator.today()).toBe(today);
  for (let day = -1; day <= 4; day += 1) {
    const date = DateTime.fromMillis(START, { zone: ZONE }).plus({ days: day }).toISODate() ?? '';
    if (date > today) continue;
    for (const scope of allScopes) {
      const summary = aggregator.summary(scope, date);
      const { closeMinutes, hourly, byCategory, bySource } = naive.details(scope, date);
      expect({ scope, date, ...pickFigures(summary) }).toEqual({ scope, date, ...naive.figures(scope, date) });
      expect({ hourly: summary.hourly, byCategory: summary.byCategory, bySource: summary.bySource }).toEqual({ hourly, byCategory, bySource });
      expectClose(summary.closeMinutes.p50, closeMinutes.p50);
      expectClose(summary.closeMinutes.p90, closeMinutes.p90);
      for (const child of summary.children) expect({ code: child.code, ...pickFigures(child) }).toEqual({ code: child.code, ...naive.figures(child.code, date) });
    }
    const departments = aggregator.departments(date).map(({ score: _score, ...row }) => row);
    expect(departments.sort((a, b) => (a.department < b.department ? -1 : 1))).toEqual(naive.departments(date));
  }
  for (const scope of scopes) {
    const rows = aggregator.grids(scope);
    const gridCodes = Array.from({ length: city.gridCount }, (_, i) => city.gridCodeAt(i));
    expect(rows.map(([code]) => code).sort()).toEqual(gridCodes.filter((g) => scope === 'city' || g.startsWith(scope)).sort());
    for (const [code, reported, open, overdue] of rows) {
      const figures = naive.figures(code, today);
      expect({ code, reported, open, overdue }).toEqual({ code, reported: naive.reportedOn(code, today), open: figures.open, overdue: figures.overdue });
    }
    const overdueIds = aggregator.cases(scope, 'overdue', 1000).map((c) => c.caseId).sort();
    const openIds = aggregator.cases(scope, 'open', 1000).map((c) => c.caseId).sort();
    const mine = naiveCases(events, calendar).filter((c) => naive.inScope(c, scope));
    expect(overdueIds).toEqual(mine.filter((c) => naive.isOverdue(c)).map((c) => c.caseId).sort());
    expect(openIds).toEqual(mine.filter((c) => naive.isOpen(c)).map((c) => c.caseId).sort());
    expect(aggregator.recent(scope, 1000).map((c) => c.caseId).sort()).toEqual(mine.map((c) => c.caseId).sort());
  }
  for (const c of naiveCases(events, calendar)) {
    const item = aggregator.caseItem(c.caseId);
    expect(item && { status: item.status, overdue: item.overdue, deadline: item.deadline, department: item.department, updatedAt: item.updatedAt }).toEqual({
      status: c.status,
      overdue: naive.isOverdue(c),
      deadline: c.deadline === undefined ? null : new LocalTime(ZONE).iso(c.deadline),
      department: c.department ?? null,
      updatedAt: new LocalTime(ZONE).iso(c.updatedAt),
    });
  }
}

function pickFigures<T extends object>(figures: T) {
  const keys = ['reported', 'registered', 'dispatched', 'handled', 'closed', 'cancelled', 'open', 'overdue', 'closureRate', 'onTimeClosureRate', 'handlingRate', 'onTimeHandlingRate', 'reworkRate'] as const;
  return Object.fromEntries(keys.map((k) => [k, (figures as Record<string, unknown>)[k]]));
}

function expectClose(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(0.01 * Math.abs(expected) + 1e-9);
}

describe('aggregator against a naive recomputation', () => {
  it('gives the same figures for any arrival order, through check() like the ingest or not', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1440, max: 12 * 1440 }),
        fc.boolean(),
        (specs, keys, nowMinutes, viaCheck) => {
          const now = START + nowMinutes * MINUTE;
          const events = eventsOf(specs);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => now });
          for (const event of shuffled(events, keys)) if (!viaCheck || aggregator.check(event) === undefined) aggregator.apply(event);
          compareWithNaive(aggregator, events, now);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same figures after events applied in groups, then a bulk load (the rebuild), each event handed over in one reused object', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1440, max: 12 * 1440 }),
        fc.nat({ max: 200 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, keys, nowMinutes, applied, chunk) => {
          const now = START + nowMinutes * MINUTE;
          const events = eventsOf(specs);
          const arrivals = shuffled(events, keys);
          const split = applied % (arrivals.length + 1);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => now });
          for (let i = 0; i < split; i += chunk) aggregator.applyAll(inOneObject(arrivals.slice(i, Math.min(split, i + chunk))));
          aggregator.beginLoad();
          for (const event of inOneObject(arrivals.slice(split))) aggregator.load(event);
          let rounds = 0;
          while (!aggregator.settleLoad(chunk)) rounds += 1;
          expect(rounds).toBeLessThanOrEqual(specs.length / chunk);
          compareWithNaive(aggregator, events, now);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stays exact while the clock runs through midnights and deadlines during the arrivals', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 10, max: 720 }),
        (specs, keys, stepMinutes) => {
          let now = START - 1440 * MINUTE;
          const events = eventsOf(specs);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => now });
          let newDays = 0;
          for (const event of shuffled(events, keys)) {
            aggregator.apply(event);
            now += stepMinutes * MINUTE;
            aggregator.advance();
            if (aggregator.drainChanges().newDay) newDays += 1;
          }
          aggregator.advance();
          if (aggregator.drainChanges().newDay) newDays += 1;
          const days = DateTime.fromMillis(now, { zone: ZONE }).startOf('day').diff(DateTime.fromMillis(START - 1440 * MINUTE, { zone: ZONE }), 'days').days;
          expect(newDays).toBe(Math.round(days));
          compareWithNaive(aggregator, events, now);
        },
      ),
      { numRuns: 100 },
    );
  });
});
