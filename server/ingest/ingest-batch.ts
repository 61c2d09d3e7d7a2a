import type { CaseEvent, IngestResult } from '../../contract';
import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import type { CityIndex } from '../core/city-index';
import type { EventLog } from '../log/event-log';
import { canonicalEvent } from './canonical-event';
import { MalformedLine } from './ndjson';
import { normalizeEvent } from './normalize-event';
import { EventRejection, type RejectReason } from './reject-reason';
import { schemaProblem } from './schema-error';

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
  body: string;
}

function idOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || !('id' in item)) return undefined;
  return typeof item.id === 'string' ? item.id : undefined;
}

/** Names the fields in which two versions of the same event differ. */
function differences(stored: string, sent: string): string {
  const a = JSON.parse(stored) as Record<string, unknown>;
  const b = JSON.parse(sent) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]),
  );
  return fields.map((f) => `\`${f}\``).join(', ');
}

/**
 * Validates each event on its own, stores the accepted ones in one transaction (durable
 * before this returns) and only then folds them into the aggregator, so a failed write
 * leaves the aggregator exactly as the log. Throws only when the log cannot be written,
 * in which case nothing of the batch was stored or applied.
 */
export function ingestBatch(items: readonly unknown[], deps: IngestDeps): IngestOutcome {
  const { log, aggregator, city } = deps;
  const now = deps.now();
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const rejectedBy = new Map<RejectReason, number>();
  const rejectAt = (index: number, id: string | undefined, reason: RejectReason, problem: string) => {
    const label = id === undefined ? `event ${index}` : `event ${index} (id ${id})`;
    result.rejected.push(id === undefined ? { index, error: `${label}: ${problem}` } : { index, id, error: `${label}: ${problem}` });
    rejectedBy.set(reason, (rejectedBy.get(reason) ?? 0) + 1);
  };

  const candidates: Candidate[] = [];
  const inBatch = new Map<string, Candidate>();
  items.forEach((item, index) => {
    if (item instanceof MalformedLine) return rejectAt(index, undefined, 'malformed', item.problem);
    const problem = schemaProblem(item);
    if (problem !== undefined) return rejectAt(index, idOf(item), 'schema', problem);
    const event = item as CaseEvent;
    const normalized = normalizeEvent(event, city, now);
    if (normalized instanceof EventRejection) return rejectAt(index, event.id, normalized.reason, normalized.problem);
    const body = canonicalEvent(event);
    const earlier = inBatch.get(event.id);
    if (earlier === undefined) {
      const candidate = { index, record: normalized, body };
      inBatch.set(event.id, candidate);
      candidates.push(candidate);
    } else if (earlier.body === body) {
      result.duplicates++;
    } else {
      const fields = differences(earlier.body, body);
      rejectAt(index, event.id, 'conflict', `conflicts with event ${earlier.index} of this batch (same id, different ${fields})`);
    }
  });

  const accepted: CaseEventRecord[] = [];
  const settleStored = ({ index, record, body }: Candidate, stored: string) => {
    if (stored === body) {
      result.duplicates++;
    } else {
      const fields = differences(stored, body);
      rejectAt(index, record.id, 'conflict', `conflicts with the stored event ${record.id} (different ${fields}); the stored one is kept`);
    }
  };
  log.transaction(() => {
    for (const candidate of candidates) {
      const { index, record, body } = candidate;
      const refusal = aggregator.check(record);
      if (refusal !== undefined) {
        const stored = log.bodyOf(record.id);
        if (stored === undefined) rejectAt(index, record.id, 'case-state', refusal);
        else settleStored(candidate, stored);
      } else if (log.insert(record, body, now)) {
        accepted.push(record);
      } else {
        settleStored(candidate, log.bodyOf(record.id) ?? '');
      }
    }
  });
  for (const record of accepted) aggregator.apply(record);
  result.accepted = accepted.length;
  result.rejected.sort((a, b) => a.index - b.index);
  return { result, rejectedBy, accepted };
}
