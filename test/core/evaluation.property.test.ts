import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { EvaluationFiguresSchema, customPeriod, type EvaluationFigures, type Period } from '../../contract';
import { Aggregator } from '../../server/core/aggregator';
import { MINUTE, START, ZONE, calendar, caseArb, city, communities, districts, eventsOf, shuffled, streets } from './case-streams';
import { naiveDepartments, naiveFigures, naiveJudgements, naiveReporters } from './naive-evaluation';

const FIGURES = Object.keys(EvaluationFiguresSchema.properties) as Array<keyof EvaluationFigures>;
const figures = (row: EvaluationFigures) => Object.fromEntries(FIGURES.map((key) => [key, row[key]]));
const dateAt = (days: number) => DateTime.fromMillis(START, { zone: ZONE }).plus({ days }).toISODate() ?? '';
const startOf = (date: string) => DateTime.fromISO(date, { zone: ZONE }).toMillis();
const grids = Array.from({ length: city.gridCount }, (_, i) => city.gridCodeAt(i));
const SCOPES = ['city', districts[1], streets[0], communities[1], grids[3]];
/** After every event of the streams (reports within 3 days, steps within about 2 more). */
const NOW = START + 12 * 1440 * MINUTE;

describe('the evaluation against a reference computation of its definitions', () => {
  it('gives every figure of every scope, child, department and reporter for any period and cut-off, whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 11 * 1440 }),
        fc.integer({ min: -1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (specs, keys, cutMinutes, firstDay, days) => {
          const events = eventsOf(specs);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => NOW });
          for (const event of shuffled(events, keys)) aggregator.apply(event);
          const asOf = START + cutMinutes * MINUTE;
          const period = customPeriod(dateAt(firstDay), dateAt(firstDay + days)) as Period;
          const from = startOf(period.from);
          const to = startOf(dateAt(firstDay + days + 1));
          const judged = naiveJudgements(events, calendar, asOf);
          const inScope = (scope: string) => judged.filter((j) => scope === 'city' || j.grid.startsWith(scope));
          for (const scope of SCOPES) {
            const evaluation = aggregator.evaluation(scope, period, asOf);
            expect({ scope, ...figures(evaluation) }).toEqual({ scope, ...figures(naiveFigures(inScope(scope), from, to)) });
            expect(evaluation.children.map((c) => c.code).sort()).toEqual([...city.childrenOf(scope)].sort());
            for (const child of evaluation.children) {
              expect({ child: child.code, ...figures(child) }).toEqual({ child: child.code, ...figures(naiveFigures(inScope(child.code), from, to)) });
            }
            const scores = evaluation.children.map((c) => c.score);
            expect(scores).toEqual([...scores].sort((a, b) => b - a));

            const departments = aggregator.departmentEvaluation(scope, period, asOf).rows;
            const expected = naiveDepartments(inScope(scope), from, to);
            expect(departments.map((d) => d.department).sort()).toEqual([...expected.keys()].sort());
            for (const row of departments) expect({ department: row.department, ...figures(row) }).toEqual({ department: row.department, ...figures(expected.get(row.department) as EvaluationFigures) });

            expect(aggregator.reporterEvaluation(scope, period, asOf).rows).toEqual(naiveReporters(inScope(scope), from, to));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('compares with the period before and the same period a year before, each as of the same relative cut-off', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 11 * 1440 }), (specs, cutMinutes) => {
        // The stream shifted by 2 days and by a year, so both comparisons have cases of their own.
        const base = eventsOf(specs);
        const shift = (ms: number, tag: string) => base.map((e) => ({ ...e, id: `${tag}${e.id}`, caseId: `${tag}${e.caseId}`, at: e.at + ms, ...(e.deadline === undefined ? {} : { deadline: e.deadline + ms }) }));
        const yearMs = START - DateTime.fromMillis(START, { zone: ZONE }).minus({ years: 1 }).toMillis();
        const events = [...base, ...shift(2 * 1440 * MINUTE, 'n'), ...shift(-yearMs, 'y')];
        const aggregator = new Aggregator({ city, zone: ZONE, now: () => NOW + 2 * 1440 * MINUTE });
        aggregator.applyAll(events);
        const period = customPeriod(dateAt(2), dateAt(3)) as Period;
        const asOf = START + 2 * 1440 * MINUTE + cutMinutes * MINUTE;
        const evaluation = aggregator.evaluation('city', period, asOf);
        const previous = evaluation.previous ?? expect.unreachable('the period before is within the retained window');
        const lastYear = evaluation.lastYear ?? expect.unreachable('the period a year before is within the retained window');
        expect(previous.period).toEqual(customPeriod(dateAt(0), dateAt(1)));
        const previousAsOf = asOf - 2 * 1440 * MINUTE;
        expect(Date.parse(previous.asOf)).toBe(previousAsOf);
        expect(figures(previous)).toEqual(figures(naiveFigures(naiveJudgements(events, calendar, previousAsOf), startOf(dateAt(0)), startOf(dateAt(2)))));
        const lastYearAsOf = DateTime.fromMillis(asOf, { zone: ZONE }).minus({ years: 1 }).toMillis();
        expect(Date.parse(lastYear.asOf)).toBe(lastYearAsOf);
        const lastYearFrom = DateTime.fromISO(dateAt(2), { zone: ZONE }).minus({ years: 1 }).toMillis();
        const lastYearTo = DateTime.fromISO(dateAt(4), { zone: ZONE }).minus({ years: 1 }).toMillis();
        expect(figures(lastYear)).toEqual(figures(naiveFigures(naiveJudgements(events, calendar, lastYearAsOf), lastYearFrom, lastYearTo)));
      }),
      { numRuns: 60 },
    );
  });
});
