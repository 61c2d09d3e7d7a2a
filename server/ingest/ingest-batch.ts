import { CaseEventSchema, type CaseEvent, type IngestResult } from '../../contract';
import type { CaseEventRecord } from '../core/case-event-record';
import type { CityIndex } from '../core/city-index';
import type { EventLog } from '../log/event-log';
import { MalformedLine } from './ndjson';
import { normalizeEvent } from './normalize-event';
import { contentDifferences, recordContent } from '../log/record-content';
import { EventRejection, type RejectReason } from './reject-reason';
import { schemaProblem } from './schema-error';

const MAX_ID_LENGTH = CaseEventSchema.properties.id.maxLength ?? 128;

export interface IngestOutcome {
  result: IngestResult;
  rejectedBy: Map<RejectReason, number>;
}

interface Candidate {
  index: number;
  record: CaseEventRecord;
}

/** A batch after the checks that need neither the log nor the aggregator. */
export interface ValidatedBatch {
  receivedAt: number;
  candidates: Candidate[];
  outcome: IngestOutcome;
}

/** The id of an invalid event, for the sender to find it, unless it is not a usable id at all. */
function idOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || !('id' in item)) return undefined;
  return typeof item.id === 'string' && item.id.length <= MAX_ID_LENGTH ? item.id : undefined;
}

export function reject(outcome: IngestOutcome, index: number, id: string | undefined, reason: RejectReason, problem: string): void {
  const error = `${id === undefined ? `event ${index}` : `event ${index} (id ${id})`}: ${problem}`;
  outcome.result.rejected.push(id === undefined ? { index, error } : { index, id, error });
  outcome.rejectedBy.set(reason, (outcome.rejectedBy.get(reason) ?? 0) + 1);
}

/** Checks each event on its own: schema, times, category, place, and duplicates within the batch. */
export function validateBatch(items: readonly unknown[], city: CityIndex, now: number): ValidatedBatch {
  const outcome: IngestOutcome = { result: { accepted: 0, duplicates: 0, rejected: [] }, rejectedBy: new Map() };
  const candidates: Candidate[] = [];
  const inBatch = new Map<string, Candidate>();
  items.forEach((item, index) => {
    if (item instanceof MalformedLine) return reject(outcome, index, undefined, 'malformed', item.problem);
    const problem = schemaProblem(item);
    if (problem !== undefined) return reject(outcome, index, idOf(item), 'schema', problem);
    const event = item as CaseEvent;
    const record = normalizeEvent(event, city, now);
    if (record instanceof EventRejection) return reject(outcome, index, event.id, record.reason, record.problem);
    const candidate: Candidate = { index, record };
    const earlier = inBatch.get(event.id);
    if (earlier === undefined) {
      inBatch.set(event.id, candidate);
      candidates.push(candidate);
      return;
    }
    const [first, again] = [recordContent(earlier.record), recordContent(record)];
    if (first === again) outcome.result.duplicates++;
    else reject(outcome, index, event.id, 'conflict', `conflicts with event ${earlier.index} of this batch (same id, different ${contentDifferences(first, again)})`);
  });
  return { receivedAt: now, candidates, outcome };
}

/**
 * Settles an event whose id the log already holds (`stored`: its recordContent): a duplicate,
 * or a conflict that keeps the stored one.
 */
export function settleStored(outcome: IngestOutcome, candidate: Candidate, stored: string): void {
  const { index, record } = candidate;
  const sent = recordContent(record);
  if (sent === stored) {
    outcome.result.duplicates++;
    return;
  }
  reject(outcome, index, record.id, 'conflict', `conflicts with the stored event ${record.id} (different ${contentDifferences(stored, sent)}); the stored one is kept`);
}

/** A validated batch with the aggregator's refusal of each candidate (null: none), in candidate order. */
export interface CheckedBatch {
  batch: ValidatedBatch;
  refusals: ReadonlyArray<string | null>;
}

/**
 * Stores the candidates of several batches in ONE staged transaction (acknowledge only after
 * `log.synced()`), settling the refused ones and those whose id the log already holds in each
 * batch's outcome. Returns, per batch, which candidates were inserted (1). Throws only when the
 * log cannot be written, in which case nothing of these batches was stored.
 */
export function storeBatches(checked: readonly CheckedBatch[], log: EventLog): Uint8Array[] {
  return log.stage(() =>
    checked.map(({ batch, refusals }) => {
      const { candidates, outcome, receivedAt } = batch;
      const inserted = new Uint8Array(candidates.length);
      candidates.forEach((candidate, i) => {
        const refusal = refusals[i];
        if (refusal !== null) {
          const stored = log.contentOf(candidate.record.id);
          if (stored === undefined) reject(outcome, candidate.index, candidate.record.id, 'case-state', refusal);
          else settleStored(outcome, candidate, stored);
        } else if (log.insert(candidate.record, receivedAt)) {
          inserted[i] = 1;
        } else {
          settleStored(outcome, candidate, log.contentOf(candidate.record.id) ?? recordContent(candidate.record));
        }
      });
      outcome.result.accepted = inserted.reduce((sum, flag) => sum + flag, 0);
      outcome.result.rejected.sort((a, b) => a.index - b.index);
      return inserted;
    }),
  );
}
