import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { MINUTE, START, ZONE, caseArb, city, eventsOf, inOneObject, shuffled } from './case-streams';
import { MapEvictedCases, everyAnswer, readBack, writeOut } from './checkpoint-harness';

/** Each event through check() as the ingest does; returns the refusals, and applies the rest. */
function ingest(aggregator: Aggregator, events: readonly CaseEventRecord[]): Array<string | undefined> {
  return events.map((event) => {
    const refusal = aggregator.check(event);
    if (refusal === undefined) aggregator.apply(event);
    return refusal;
  });
}

/** The events the log holds after `events` went through the ingest of `aggregator`. */
function accepted(aggregator: Aggregator, events: readonly CaseEventRecord[]): CaseEventRecord[] {
  const refusals = ingest(aggregator, events);
  return events.filter((_, i) => refusals[i] === undefined);
}

/** A start from a checkpoint: the state read back into a new aggregator, then the log after it folded in like the replay does. */
function restart(bytes: Uint8Array, rest: readonly CaseEventRecord[], options: ConstructorParameters<typeof Aggregator>[0]): Aggregator {
  const aggregator = new Aggregator(options);
  aggregator.adopt(readBack(aggregator, bytes));
  aggregator.beginLoad(rest.length);
  for (const event of inOneObject(rest)) aggregator.load(event);
  while (!aggregator.settleLoad(3));
  return aggregator;
}

describe('a start from a checkpoint against a full replay', () => {
  it('gives every figure a full replay gives, for any checkpoint position, while the aggregator went on during the writing', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.nat(),
        fc.integer({ min: 1440, max: 8 * 1440 }),
        (specs, keys, at, nowMinutes) => {
          const now = START + nowMinutes * MINUTE;
          const options = { city, zone: ZONE, now: () => now };
          const full = new Aggregator(options);
          const log = accepted(full, shuffled(eventsOf(specs), keys));
          const position = at % (log.length + 1);

          const running = new Aggregator(options);
          for (const event of log.slice(0, position)) running.apply(event);
          // The events after the checkpoint's position arrive while it is written, one per chunk.
          let next = position;
          const bytes = writeOut(running, () => {
            if (next < log.length) running.apply(log[next++]);
          });
          for (const event of log.slice(next)) running.apply(event);

          const expected = everyAnswer(full, log);
          expect(everyAnswer(running, log)).toEqual(expected);
          expect(everyAnswer(restart(bytes, log.slice(position), options), log)).toEqual(expected);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('forgets the cases closed before the retained window without changing an answer, and answers their late events as before', () => {
    let runsThatForgot = 0;
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        fc.nat(),
        fc.integer({ min: 3 * 1440, max: 8 * 1440 }),
        fc.integer({ min: 1, max: 4 }),
        (specs, keys, at, nowMinutes, retentionDays) => {
          const now = START + nowMinutes * MINUTE;
          const arrivals = shuffled(eventsOf(specs), keys);
          const split = at % (arrivals.length + 1);
          // Every case kept: the answers as they were before eviction existed.
          const kept = new Aggregator({ city, zone: ZONE, now: () => now, retentionDays });
          const keptRefusals = ingest(kept, arrivals);
          const log = arrivals.filter((_, i) => keptRefusals[i] === undefined);

          const evicted = new MapEvictedCases();
          const options = { city, zone: ZONE, now: () => now, retentionDays, evicted };
          const early = new Aggregator(options);
          const earlyRefusals = ingest(early, arrivals.slice(0, split));
          early.evict();
          const forgotten = new Set(evicted.cases.keys());
          const bytes = writeOut(early);
          const restarted = restart(bytes, [], options);
          // Late events of forgotten cases among the rest: refused or accepted exactly as before,
          // but for the documented exception: an extension is judged by the deadline kept when
          // its case was forgotten, which a registration or report accepted since does not move.
          const verdicts = [...earlyRefusals, ...ingest(restarted, arrivals.slice(split))];
          const unmoved = new Set<string>();
          arrivals.forEach((event, i) => {
            if (i < split || !forgotten.has(event.caseId)) return;
            if ((event.type === 'registered' || event.type === 'reported') && keptRefusals[i] === undefined) unmoved.add(event.caseId);
            if (event.type === 'extended' && unmoved.has(event.caseId)) verdicts[i] = keptRefusals[i];
          });
          expect(verdicts).toEqual(keptRefusals);
          restarted.evict();

          const replayed = new Aggregator({ ...options, evicted: new MapEvictedCases() });
          for (const event of log) replayed.apply(event);
          replayed.evict();

          const expected = everyAnswer(kept, log);
          expect(everyAnswer(restarted, log)).toEqual(expected);
          expect(everyAnswer(replayed, log)).toEqual(expected);
          expect(restarted.stats()).toEqual(replayed.stats());
          if (evicted.cases.size > 0) runsThatForgot += 1;
        },
      ),
      { numRuns: 150 },
    );
    expect(runsThatForgot).toBeGreaterThan(30);
  });
});
