import { DateTime } from 'luxon';
import { customPeriod, type Period } from '../../contract';
import type { Aggregator } from '../../server/core/aggregator';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import type { CheckpointData } from '../../server/core/checkpoint-state';
import type { EvictedCase, EvictedCases } from '../../server/core/evicted-cases';
import { START, ZONE, allScopes, scopes } from './case-streams';

/** The evicted cases kept in a map: the core's side of the contract, without the server's SQLite. */
export class MapEvictedCases implements EvictedCases {
  readonly cases = new Map<string, EvictedCase>();

  find(caseId: string): EvictedCase | undefined {
    return this.cases.get(caseId);
  }

  add(cases: readonly EvictedCase[]): void {
    for (const gone of cases) this.cases.set(gone.caseId, gone);
  }
}

/** The checkpoint's bytes, read out chunk by chunk; `between` runs after each chunk (the aggregator going on meanwhile). */
export function writeOut(aggregator: Aggregator, between: () => void = () => undefined): Uint8Array {
  const image = aggregator.checkpoint();
  const chunks: Uint8Array[] = [];
  try {
    for (const chunk of image.bytes()) {
      chunks.push(chunk.slice());
      between();
    }
  } finally {
    image.release();
  }
  const all = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** Reads a checkpoint back from its bytes, as the server's loader does from a file. */
export function readBack(into: Aggregator, bytes: Uint8Array): CheckpointData {
  const reader = into.checkpointReader();
  let at = 0;
  for (let step = reader.next(); ; ) {
    if (step.done) {
      if (at !== bytes.byteLength) throw new Error(`the checkpoint has ${bytes.byteLength - at} bytes left over`);
      return step.value;
    }
    const into = step.value;
    into.set(bytes.subarray(at, at + into.byteLength));
    at += into.byteLength;
    step = reader.next();
  }
}

function withoutAsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAsOf);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'asOf').map(([key, v]) => [key, withoutAsOf(v)]));
}

/**
 * Every answer of the aggregator that the figures consist of: each summary of each scope and
 * retained day, grid rows, open, overdue and due-soon lists, lights, recent cases, heat points,
 * departments, each case's item, and the evaluation of the retained window.
 */
export function everyAnswer(aggregator: Aggregator, events: readonly CaseEventRecord[]): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const { first, last } = aggregator.retained();
  const dates: string[] = [];
  // The streams' days and after: earlier retained days hold nothing.
  const streams = DateTime.fromMillis(START, { zone: ZONE }).minus({ days: 1 }).toISODate() ?? '';
  for (let day = DateTime.fromISO(first > streams ? first : streams, { zone: ZONE }); (day.toISODate() ?? '') <= last; day = day.plus({ days: 1 })) dates.push(day.toISODate() ?? '');
  answers.retained = { first, last };
  for (const date of dates) {
    for (const scope of allScopes) answers[`summary ${scope} ${date}`] = aggregator.summary(scope, date);
    answers[`departments ${date}`] = aggregator.departments(date);
    answers[`points ${date}`] = aggregator.casePoints('city', date, 1000);
  }
  for (const scope of scopes) {
    answers[`grids ${scope}`] = aggregator.grids(scope);
    for (const status of ['open', 'overdue', 'due-soon'] as const) answers[`${status} ${scope}`] = aggregator.cases(scope, status, 1000);
    answers[`lights ${scope}`] = aggregator.lights(scope);
    answers[`recent ${scope}`] = aggregator.recent(scope, 1000);
  }
  for (const caseId of new Set(events.map((e) => e.caseId))) answers[`case ${caseId}`] = aggregator.caseItem(caseId) ?? null;
  const window = customPeriod(first, last) as Period;
  answers.evaluation = aggregator.evaluation('city', window);
  answers['evaluation departments'] = aggregator.departmentEvaluation('city', window);
  answers['evaluation reporters'] = aggregator.reporterEvaluation('city', window);
  return withoutAsOf(answers) as Record<string, unknown>;
}
