import { CaseEventSchema, type CaseEvent, type IngestResult } from '../../contract';
import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import type { CityIndex } from '../core/city-index';
import type { EventLog } from '../log/event-log';
import { canonicalEvent } from './canonical-event';
import { MalformedLine } from './ndjson';
import { normalizeEvent } from './normalize-event';
import { EventRejection, type RejectReason } from './reject-reason';
import { schemaProblem } from './schema-error';

const MAX_ID_LENGTH = CaseEventSchema.properties.id.maxLength ?? 128;

export interface IngestDeps {
  log: EventLog;
  aggregator: Aggregator;
  city: CityIndex;
  now: () => number;
}

export interface IngestOutcome {
  result: IngestResult;
  rejectedBy: Map<RejectReason, number>;
  /** Records committed to the log and folded into the aggregator, in batch order. */
  accepted: CaseEventRecord[];
}

interface Candidate {
  index: number;
  record: CaseEventRecord;
  event: CaseEvent;
  /** The event as sent, for the log and the duplicate comparison. */
  body: string;
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

/** Same content, whatever the key order of either side. */
function sameEvent(stored: string, candidate: Candidate): boolean {
  return stored === candidate.body || canonicalEvent(JSON.parse(stored) as CaseEvent) === canonicalEvent(candidate.event);
}

/** Names the fields in which two versions of the same event differ. */
function differences(stored: string, sent: CaseEvent): string {
  const a = JSON.parse(stored) as Record<string, unknown>;
  const b = sent as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
  return fields.map((f) => `\`${f}\``).join(', ');
}

export function reject(outcome: IngestOutcome, index: number, id: string | undefined, reason: RejectReason, problem: string): void {
  const error = `${id === undefined ? `event ${index}` : `event ${index} (id ${id})`}: ${problem}`;
  outcome.result.rejected.push(id === undefined ? { index, error } : { index, id, error });
  outcome.rejectedBy.set(reason, (outcome.rejectedBy.get(reason) ?? 0) + 1);
}

/** Checks each event on its own: schema, times, category, place, and duplicates within the batch. */
export function validateBatch(items: readonly unknown[], city: CityIndex, now: number): ValidatedBatch {
  const outcome: IngestOutcome = { result: { accepted: 0, duplicates: 0, rejected: [] }, rejectedBy: new Map(), accepted: [] };
  const candidates: Candidate[] = [];
  const inBatch = new Map<string, Candidate>();
  items.forEach((item, index) => {
    if (item instanceof MalformedLine) return reject(outcome, index, undefined, 'malformed', item.problem);
    const problem = schemaProblem(item);
    if (problem !== undefined) return reject(outcome, index, idOf(item), 'schema', problem);
    const event = item as CaseEvent;
    const record = normalizeEvent(event, city, now);
    if (record instanceof EventRejection) return reject(outcome, index, event.id, record.reason, record.problem);
    const candidate: Candidate = { index, record, event, body: JSON.stringify(event) };
    const earlier = inBatch.get(event.id);
    if (earlier === undefined) {
      inBatch.set(event.id, candidate);
      candidates.push(candidate);
    } else if (sameEvent(earlier.body, candidate)) {
      outcome.result.duplicates++;
    } else {
      reject(outcome, index, event.id, 'conflict', `conflicts with event ${earlier.index} of this batch (same id, different ${differences(earlier.body, event)})`);
    }
  });
  return { receivedAt: now, candidates, outcome };
}

/** Settles an event whose id the log already holds: a duplicate, or a conflict that keeps the stored one. */
export function settleStored(outcome: IngestOutcome, candidate: Candidate, stored: string): void {
  if (sameEvent(stored, candidate)) {
    outcome.result.duplicates++;
    return;
  }
  const { index, record, event } = candidate;
  reject(outcome, index, record.id, 'conflict', `conflicts with the stored event ${record.id} (different ${differences(stored, event)}); the stored one is kept`);
}

/**
 * Stores the accepted events of several batches in ONE transaction and only then folds them
 * into the aggregator, so a failed write leaves the aggregator exactly as the log. The commit is
 * not yet on disk: acknowledge only after `log.synced()`. Throws only when the log cannot be
 * written, in which case nothing of these batches was stored or applied.
 */
export function commitBatches(batches: readonly ValidatedBatch[], deps: IngestDeps): IngestOutcome[] {
  const { log, aggregator } = deps;
  log.stage(() => {
    for (const { candidates, outcome, receivedAt } of batches) {
      for (const candidate of candidates) {
        const refusal = aggregator.check(candidate.record);
        if (refusal !== undefined) {
          const stored = log.bodyOf(candidate.record.id);
          if (stored === undefined) reject(outcome, candidate.index, candidate.record.id, 'case-state', refusal);
          else settleStored(outcome, candidate, stored);
        } else if (log.insert(candidate.record, candidate.body, receivedAt)) {
          outcome.accepted.push(candidate.record);
        } else {
          settleStored(outcome, candidate, log.bodyOf(candidate.record.id) ?? candidate.body);
        }
      }
    }
  });
  aggregator.applyAll(batches.flatMap(({ outcome }) => outcome.accepted));
  return batches.map(({ outcome }) => {
    outcome.result.accepted = outcome.accepted.length;
    outcome.result.rejected.sort((a, b) => a.index - b.index);
    return outcome;
  });
}
