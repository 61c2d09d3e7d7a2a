import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { EvaluationFiguresSchema, customPeriod, type EvaluationFigures, type Period } from '../../contract';
import { Aggregator } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { MINUTE, START, ZONE, calendar, caseArb, city, districts, eventsOf, shuffled, streets, type CaseSpec } from './case-streams';
import { MapEvictedCases } from './checkpoint-harness';
import { naiveDepartments, naiveFigures, naiveJudgements, naiveReporters } from './naive-evaluation';

const FIGURES = Object.keys(EvaluationFiguresSchema.properties) as Array<keyof EvaluationFigures>;
const figures = (row: EvaluationFigures) => Object.fromEntries(FIGURES.map((key) => [key, row[key]]));
const dateAt = (days: number) => DateTime.fromMillis(START, { zone: ZONE }).plus({ days }).toISODate() ?? '';
const startOf = (date: string) => DateTime.fromISO(date, { zone: ZONE }).toMillis();
/** After every event of the streams. */
const NOW = START + 12 * 1440 * MINUTE;
/** Copies of each generated case: enough that a pass over the city takes several steps. */
const COPIES = 100;

/** The cases of `specs`, each `COPIES` times under other ids, so that the copies of a case lie far apart in the case numbering. */
function copied(specs: CaseSpec[]): CaseEventRecord[] {
  const events = eventsOf(specs);
  return Array.from({ length: COPIES }, (_, k) => events.map((e) => ({ ...e, id: `${k}/${e.id}`, caseId: `${k}/${e.caseId}` }))).flat();
}

/**
 * Runs the reads' generators side by side, one step of each in turn, and applies the next few
 * events between two rounds of steps: ingest going on while they run in slices of the event loop.
 */
function interleaved<T>(reads: Array<Generator<void, T>>, aggregator: Aggregator, arriving: readonly CaseEventRecord[]): { answers: T[]; rounds: number } {
  const answers: T[] = [];
  const chunk = Math.max(1, Math.ceil(arriving.length / 8));
  let next = 0;
  let rounds = 0;
  for (let open = reads.length; open > 0; rounds += 1) {
    open = 0;
    reads.forEach((read, i) => {
      if (i in answers) return;
      const step = read.next();
      if (step.done) answers[i] = step.value;
      else open += 1;
    });
    aggregator.applyAll(arriving.slice(next, next + chunk));
    next += chunk;
  }
  aggregator.applyAll(arriving.slice(next));
  return { answers, rounds };
}

describe('an evaluation run in steps while events are applied between them', () => {
  it('answers for the events held when it began, as the definitions give it, whatever arrives meanwhile', () => {
    // Runs where the reads took several steps and the events applied meanwhile changed the answer.
    let runsThatTell = 0;
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 8, maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 11 * 1440 }),
        fc.integer({ min: 20, max: 95 }),
        fc.integer({ min: -1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (specs, keys, cutMinutes, heldPercent, firstDay, days) => {
          const arrivals = shuffled(copied(specs), keys);
          const split = Math.floor((arrivals.length * heldPercent) / 100);
          const held = arrivals.slice(0, split);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => NOW });
          aggregator.applyAll(held);
          const asOf = START + cutMinutes * MINUTE;
          const period = customPeriod(dateAt(firstDay), dateAt(firstDay + days)) as Period;
          const from = startOf(period.from);
          const to = startOf(dateAt(firstDay + days + 1));

          // What a server holding only the events held at the start answers, and the definitions give.
          const reference = new Aggregator({ city, zone: ZONE, now: () => NOW });
          reference.applyAll(held);
          const judged = naiveJudgements(held, calendar, asOf);
          const inScope = (scope: string) => judged.filter((j) => scope === 'city' || j.grid.startsWith(scope));

          const { answers, rounds } = interleaved<unknown>(
            [
              aggregator.evaluationSteps('city', period, asOf),
              aggregator.evaluationSteps(districts[1], period, asOf),
              aggregator.departmentEvaluationSteps('city', period, asOf),
              aggregator.reporterEvaluationSteps(streets[0], period, asOf),
            ],
            aggregator,
            arrivals.slice(split),
          );
          const [cityEvaluation, districtEvaluation, departments, reporters] = answers as [
            ReturnType<Aggregator['evaluation']>,
            ReturnType<Aggregator['evaluation']>,
            ReturnType<Aggregator['departmentEvaluation']>,
            ReturnType<Aggregator['reporterEvaluation']>,
          ];
          expect(cityEvaluation).toEqual(reference.evaluation('city', period, asOf));
          expect(districtEvaluation).toEqual(reference.evaluation(districts[1], period, asOf));
          expect(departments).toEqual(reference.departmentEvaluation('city', period, asOf));
          expect(reporters).toEqual(reference.reporterEvaluation(streets[0], period, asOf));

          for (const [scope, evaluation] of [['city', cityEvaluation], [districts[1], districtEvaluation]] as const) {
            expect({ scope, ...figures(evaluation) }).toEqual({ scope, ...figures(naiveFigures(inScope(scope), from, to)) });
            for (const child of evaluation.children) expect({ child: child.code, ...figures(child) }).toEqual({ child: child.code, ...figures(naiveFigures(inScope(child.code), from, to)) });
          }
          const expected = naiveDepartments(inScope('city'), from, to);
          expect(departments.rows.map((row) => row.department).sort()).toEqual([...expected.keys()].sort());
          for (const row of departments.rows) expect({ department: row.department, ...figures(row) }).toEqual({ department: row.department, ...figures(expected.get(row.department) as EvaluationFigures) });
          expect(reporters.rows).toEqual(naiveReporters(inScope(streets[0]), from, to));

          // The events applied meanwhile are in the next evaluation.
          const everything = naiveJudgements(arrivals, calendar, asOf);
          const next = aggregator.evaluation('city', period, asOf);
          expect(figures(next)).toEqual(figures(naiveFigures(everything, from, to)));
          if (rounds > 2 && JSON.stringify(next) !== JSON.stringify(cityEvaluation)) runsThatTell += 1;
        },
      ),
      { numRuns: 40 },
    );
    expect(runsThatTell).toBeGreaterThan(5);
  });

  it('starts again when evict() renumbers the cases between its steps', () => {
    const now = START + 10 * 1440 * MINUTE;
    const options = { city, zone: ZONE, now: () => now, retentionDays: 4 };
    const aggregator = new Aggregator({ ...options, evicted: new MapEvictedCases() });
    const events: CaseEventRecord[] = [];
    const grid = (i: number) => city.gridCodeAt(i % city.gridCount);
    // Cases closed long before the retained window between cases of the period, so that forgetting them renumbers the others.
    for (let i = 0; i < 1500; i += 1) {
      const caseId = `K${i}`;
      const base = i % 2 ? START + (i % 1440) * MINUTE : START + 8 * 1440 * MINUTE + (i % 1440) * MINUTE;
      events.push({ id: `${caseId}-r`, caseId, type: 'reported', at: base, gridCode: grid(i), category: 'E.05.02', source: 'inspector' });
      events.push({ id: `${caseId}-g`, caseId, type: 'registered', at: base + 10 * MINUTE });
      if (i % 2 || i % 3 === 0) events.push({ id: `${caseId}-c`, caseId, type: 'closed', at: base + 60 * MINUTE });
    }
    aggregator.applyAll(events);
    const reference = new Aggregator(options);
    reference.applyAll(events);
    const period = customPeriod(dateAt(8), dateAt(9)) as Period;
    const steps = aggregator.evaluationSteps('city', period, now);
    expect(steps.next().done).toBe(false);
    expect(aggregator.evict()).toBe(750);
    let step = steps.next();
    while (!step.done) step = steps.next();
    expect(step.value).toEqual(reference.evaluation('city', period, now));
    expect(figures(step.value)).toEqual(figures(naiveFigures(naiveJudgements(events, calendar, now), startOf(dateAt(8)), startOf(dateAt(10)))));
    expect(step.value.registered).toBe(750);
  });
});
