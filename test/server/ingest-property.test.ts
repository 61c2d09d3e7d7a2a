import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCES, type GridRow, type Summary } from '../../contract';
import { TestClock, demoCity, gridsOf, removeTempDirs, sampleGrids, startServer } from './lib/harness';
import { dayDetails, deriveCases, figures, type NaiveCase, type SentEvent } from './lib/naive-metrics';

const MINUTE = 60_000;
const START = Date.parse('2026-11-26T00:00:00+08:00');
const clock = new TestClock(Date.parse('2026-11-28T18:00:00+08:00'));
const DAYS = ['2026-11-26', '2026-11-27', '2026-11-28'];
const grids = sampleGrids();
const GRIDS = [grids.a1, grids.a2, grids.b1, grids.other];
/** Limits in clock hours and calendar days, which the naive recomputation can follow without a work calendar. */
const CATEGORIES = ['C.01.01', 'E.04.01', 'E.06.01', 'E.05.10'];

afterAll(removeTempDirs);

const step = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 900 })),
  department: fc.option(fc.constantFrom('市政设施处', '环卫处'), { nil: undefined }),
  deadline: fc.option(fc.integer({ min: -30, max: 4000 }), { nil: undefined }),
});

/** A case's lifecycle: a prefix of reported → registered → dispatched → handled (→ reworked → handled)* → closed, or a cancellation. */
const caseArb = fc.record({
  grid: fc.constantFrom(...GRIDS),
  category: fc.constantFrom(...CATEGORIES),
  source: fc.constantFrom(...SOURCES),
  start: fc.integer({ min: 0, max: Math.floor((clock.ms - START) / MINUTE) }),
  stages: fc.integer({ min: 0, max: 5 }),
  reworks: fc.integer({ min: 0, max: 2 }),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
  afterClosure: fc.boolean(),
  steps: fc.array(step, { minLength: 12, maxLength: 12 }),
});
type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(spec: CaseSpec, n: number): SentEvent[] {
  const caseId = `P${n}`;
  const types: SentEvent['type'][] = ['reported'];
  if (spec.cancelAfter === 0) types.push('cancelled');
  else {
    const path: SentEvent['type'][] = ['registered', 'dispatched', 'handled'];
    for (let r = 0; r < spec.reworks; r++) path.push('reworked', 'handled');
    path.push('closed');
    types.push(...path.slice(0, spec.stages + (spec.stages >= 3 ? spec.reworks * 2 : 0)));
    if (spec.cancelAfter === 1 && types.length <= 2) types.push('cancelled');
  }
  if (spec.afterClosure && ['closed', 'cancelled'].includes(types[types.length - 1])) types.push('handled');
  let at = START + spec.start * MINUTE;
  const events: SentEvent[] = [];
  types.forEach((type, i) => {
    const s = spec.steps[i % spec.steps.length];
    if (i > 0) at += s.gap * MINUTE;
    if (at > clock.ms) return;
    const event: SentEvent = { id: `${caseId}-${i}`, caseId, type, at: new Date(at).toISOString() };
    if (type === 'reported') Object.assign(event, { category: spec.category, source: spec.source, gridCode: spec.grid });
    if (type === 'registered' && s.deadline !== undefined) event.deadline = new Date(at + s.deadline * MINUTE).toISOString();
    if (type === 'dispatched' && s.department !== undefined) event.department = s.department;
    events.push(event);
  });
  return events;
}

function expectedSummary(cases: readonly NaiveCase[], scope: string, day: string) {
  const city = demoCity();
  const inScope = (code: string) => (c: NaiveCase) => code === 'city' || c.grid.startsWith(code);
  const mine = cases.filter(inScope(scope));
  return {
    ...figures(mine, day, clock.ms),
    ...dayDetails(mine, day),
    children: city.childrenOf(scope).map((code) => ({ code, ...figures(cases.filter(inScope(code)), day, clock.ms) })),
  };
}

function comparable(summary: Summary) {
  const { scope: _scope, level: _level, name: _name, date: _date, asOf: _asOf, children, closeMinutes, ...rest } = summary;
  return {
    ...rest,
    closeMinutes,
    children: children.map(({ name: _n, level: _l, ...child }) => child),
  };
}

/** Relative error of at most 1% on the close-time quantiles (docs/metrics.md#close-times), exact elsewhere. */
function expectQuantiles(actual: Summary['closeMinutes'], expected: Summary['closeMinutes']) {
  for (const q of ['p50', 'p90'] as const) {
    const [a, e] = [actual[q], expected[q]];
    if (e === null || a === null) expect(a).toBe(e);
    else expect(Math.abs(a - e)).toBeLessThanOrEqual(Math.max(0.01 * Math.abs(e), 1e-9));
  }
}

describe('ingest through HTTP, any arrival order', () => {
  it('gives the summaries of a naive recomputation, whatever the order, batching and duplicates', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 40 }),
        async (specs, shuffleKeys, batchSizes) => {
          const events = specs.flatMap(eventsOf);
          const duplicates = events.filter((_, i) => shuffleKeys[i % shuffleKeys.length] % 5 === 0);
          const sent = [...events, ...duplicates]
            .map((event, i) => ({ event, key: shuffleKeys[i % shuffleKeys.length] * 1000 + i }))
            .sort((a, b) => a.key - b.key)
            .map(({ event }) => event);

          const server = await startServer({ now: clock.now });
          try {
            let accepted = 0;
            let dup = 0;
            const refused: Array<{ id?: string; error: string }> = [];
            for (let i = 0, b = 0; i < sent.length; b++) {
              const size = batchSizes[b % batchSizes.length];
              const result = await server.ingest(sent.slice(i, i + size));
              accepted += result.accepted;
              dup += result.duplicates;
              refused.push(...result.rejected);
              i += size;
            }
            for (const { error } of refused) expect(error).toMatch(/no events after (closure|cancellation)$/);
            expect(accepted + dup + refused.length).toBe(sent.length);
            // An event refused after its case's closure is refused again when re-sent: count it once.
            expect(accepted + new Set(refused.map((r) => r.id)).size).toBe(events.length);

            const cases = deriveCases(events);
            for (const scope of ['city', '500103', '500105', grids.streetA, grids.streetB, grids.communityA, ...GRIDS]) {
              for (const day of DAYS) {
                const actual = comparable(await server.summary(scope, day));
                const expected = expectedSummary(cases, scope, day);
                expectQuantiles(actual.closeMinutes, expected.closeMinutes);
                expect({ ...actual, closeMinutes: null }, `${scope} ${day}`).toEqual({ ...expected, closeMinutes: null });
              }
            }
            for (const street of [grids.streetA, grids.streetB]) {
              const rows = (await server.get(`/api/v1/grids?scope=${street}`)).json<GridRow[]>();
              const today = DAYS[DAYS.length - 1];
              const expectedRows = gridsOf(street).map((code): GridRow => {
                  const f = figures(cases.filter((c) => c.grid === code), today, clock.ms);
                  return [code, f.reported, f.open, f.overdue];
                });
              expect(rows).toEqual(expectedRows);
            }
          } finally {
            await server.close();
          }
        },
      ),
      { numRuns: 12, interruptAfterTimeLimit: 100_000 },
    );
  });
});
