import type { Aggregator } from '../core/aggregator';
import type { CityIndex } from '../core/city-index';
import { httpError } from '../http-error';
import { parseEventBody, type EventBody } from '../ingest/event-body';
import { reject, settleStored, validateBatch, type IngestOutcome, type ValidatedBatch } from '../ingest/ingest-batch';
import { recordContent } from '../log/record-content';
import type { NodeCopy } from './node-copy';
import type { AppendItem, RedisEventLog } from './redis-event-log';
import type { StreamTail } from './stream-tail';
import { compareStreamIds } from './stream-id';

type Candidate = ValidatedBatch['candidates'][number];

interface Waiting {
  batch: ValidatedBatch;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

export interface SharedIngestDeps {
  log: RedisEventLog;
  tail: StreamTail;
  /** This node's copy: it still knows the events trimmed from the stream and their contents. */
  copy: NodeCopy;
  aggregator: Aggregator;
  city: CityIndex;
  now: () => number;
  maxBatch: number;
}

/**
 * Ingest of a scale-out node: the same validation as the embedded log, then the batches of one
 * turn of the event loop appended to the shared stream in one atomic script (group commit).
 * Events reach this node's aggregator through its tail, like every other node's; a request is
 * answered once its events are in Redis and folded in here, so a reader of this node sees them.
 */
export class SharedIngest {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly deps: SharedIngestDeps) {}

  async submit(body: EventBody): Promise<IngestOutcome> {
    const items = parseEventBody(body.bytes, body.format, this.deps.maxBatch);
    const batch = validateBatch(items, this.deps.city, this.deps.now());
    return new Promise((resolve, fail) => {
      this.waiting.push({ batch, resolve, reject: fail });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const group = this.waiting.splice(0);
    try {
      const outcomes = await this.commit(group.map((w) => w.batch));
      group.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (error) {
      const reason = (error as Error).message;
      const failure = httpError(
        503,
        `the shared event log (Redis) cannot be written (${reason}); the batch may not have been stored: send it again (re-sending is safe)`,
      );
      for (const w of group) w.reject(failure);
    }
  }

  private async commit(batches: readonly ValidatedBatch[]): Promise<IngestOutcome[]> {
    const { log, tail, copy, aggregator } = this.deps;
    const owners: Array<{ outcome: IngestOutcome; candidate: Candidate }> = [];
    const items: AppendItem[] = [];
    const refused: Array<{ outcome: IngestOutcome; candidate: Candidate; refusal: string }> = [];
    for (const { candidates, outcome } of batches) {
      for (const candidate of candidates) {
        const known = copy.contentOf(candidate.record.id);
        if (known !== undefined) {
          settleStored(outcome, candidate, known);
          continue;
        }
        // Checked against this node's aggregator, which trails the stream by the tail's delay.
        const refusal = aggregator.check(candidate.record);
        if (refusal === undefined) {
          owners.push({ outcome, candidate });
          items.push({ record: candidate.record, content: recordContent(candidate.record) });
        } else {
          refused.push({ outcome, candidate, refusal });
        }
      }
    }
    const stored = await log.contentsOf(refused.map((r) => r.candidate.record.id));
    refused.forEach(({ outcome, candidate, refusal }, i) => {
      const content = stored[i];
      if (content === null || content === undefined) reject(outcome, candidate.index, candidate.record.id, 'case-state', refusal);
      else settleStored(outcome, candidate, content);
    });

    const results = await log.append(items);
    let newest = '0';
    results.forEach((result, i) => {
      const { outcome, candidate } = owners[i];
      if ('appended' in result) {
        outcome.result.accepted += 1;
        if (compareStreamIds(result.appended, newest) > 0) newest = result.appended;
      } else {
        settleStored(outcome, candidate, result.stored);
      }
    });
    await tail.applied(newest);
    return batches.map(({ outcome }) => {
      outcome.result.rejected.sort((a, b) => a.index - b.index);
      return outcome;
    });
  }
}
