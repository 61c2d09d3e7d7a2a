import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { LocalTime } from '../../server/core/local-time';
import { START, MINUTE, ZONE, allScopes, calendar, caseArb, city, eventsOf, inOneObject, scopes, shuffled } from './case-streams';
import { NaiveCity, naiveCases } from './naive-model';

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
