import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import { MINUTE, START, ZONE, caseArb, city, eventsOf, scopes, shuffled } from './case-streams';

const DAY = 1440 * MINUTE;
/** After every event of the streams. */
const NOW = START + 12 * DAY;

/** A generator of the core run to its end at once. */
function run<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function build(aggregator: Aggregator, instant: number, history: number, clock: () => number = () => instant): Aggregator {
  return run(aggregator.replicaAt(instant, history, clock));
}

describe('a replica of the past', () => {
  it('shows at an instant what a fresh aggregator fed only the events at or before it shows', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 9 * 1440 }),
        fc.constantFrom(0, 2 * DAY),
        (specs, keys, minutes, history) => {
          const events = eventsOf(specs);
          const aggregator = new Aggregator({ city, zone: ZONE, now: () => NOW });
          aggregator.applyAll(shuffled(events, keys));
          const instant = START + minutes * MINUTE;
          const replica = build(aggregator, instant, history);
          const reference = new Aggregator({ city, zone: ZONE, retentionDays: 1, now: () => instant });
          reference.applyAll(events.filter((e) => e.at <= instant));
          const keepFrom = Math.min(DateTime.fromMillis(instant, { zone: ZONE }).startOf('day').toMillis(), instant - history);

          expect(replica.today()).toBe(reference.today());
          for (const scope of scopes) {
            expect(replica.summary(scope)).toEqual(reference.summary(scope));
            expect(replica.grids(scope)).toEqual(reference.grids(scope));
            expect(replica.cases(scope, 'open', 1000)).toEqual(reference.cases(scope, 'open', 1000));
            expect(replica.cases(scope, 'overdue', 1000)).toEqual(reference.cases(scope, 'overdue', 1000));
            expect(replica.casePoints(scope, undefined, 1000)).toEqual(reference.casePoints(scope, undefined, 1000));
            // The ticker reaches back to the replica's history: older updates are not rebuilt.
            const recent = reference.recent(scope, 1000).filter((item) => Date.parse(item.updatedAt) >= keepFrom);
            expect(replica.recent(scope, 1000).filter((item) => Date.parse(item.updatedAt) >= keepFrom)).toEqual(recent);
          }
          expect(replica.departments()).toEqual(reference.departments());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('follows the events applied in time order afterwards, its clock moving with them', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 6 * 1440 }), fc.integer({ min: 1, max: 3 * 1440 }), (specs, startMinutes, spanMinutes) => {
        const events = eventsOf(specs);
        const aggregator = new Aggregator({ city, zone: ZONE, now: () => NOW });
        aggregator.applyAll(events);
        let clock = START + startMinutes * MINUTE;
        const replica = build(aggregator, clock, 0, () => clock);
        const end = clock + spanMinutes * MINUTE;
        // The replay's way: the events of each step of the clock, in time order.
        for (const step of [0.25, 0.5, 1]) {
          const to = clock + (end - clock) * step;
          replica.applyAll(run(aggregator.eventsBetween(clock, to)));
          clock = to;
          replica.advance();
        }
        const reference = new Aggregator({ city, zone: ZONE, retentionDays: 1, now: () => end });
        reference.applyAll(events.filter((e) => e.at <= end));
        for (const scope of scopes) {
          expect(replica.summary(scope)).toEqual(reference.summary(scope));
          expect(replica.cases(scope, 'overdue', 1000)).toEqual(reference.cases(scope, 'overdue', 1000));
        }
      }),
      { numRuns: 150 },
    );
  });
});
