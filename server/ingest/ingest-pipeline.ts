import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Aggregator } from '../core/aggregator';
import { blankRecord } from '../core/case-event-record';
import { httpError } from '../http-error';
import type { EventLog } from '../log/event-log';
import type { EventBody } from './event-body';
import type { IngestOutcome } from './ingest-batch';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-messages';
import { readColumns, selectedRecords, type RecordColumns } from './record-columns';

export interface IngestPipelineDeps {
  worker: IngestWorkerData;
  /** The server's own connection to the log, to catch up on what a failed worker stored. */
  log: EventLog;
  aggregator: Aggregator;
  now: () => number;
  maxBatch: number;
}

interface Pending {
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
  /** The candidates, once validated, in the worker's order. */
  candidates?: RecordColumns;
}

/**
 * Durable ingest on two threads. The ingest worker (./ingest-worker.ts) parses and validates a
 * body and sends its candidates here; the aggregator refuses what it must (events after a
 * case's closure); the worker stores the rest, several batches per transaction, and answers once
 * they are on disk; only then are they folded into the aggregator and the request answered. So
 * parsing, validation and SQLite run beside the aggregator and the sockets instead of before
 * them. The worker starts on the first batch.
 */
export class IngestPipeline {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stored: Array<{ worker: Worker; message: Extract<FromIngestWorker, { kind: 'stored' }>; pending: Pending }> = [];
  /** The log's seq up to which the aggregator holds every stored event (undefined: no worker yet). */
  private appliedThrough: number | undefined;
  /** Called when the last batch in flight has been answered (set while closing). */
  private drained: (() => void) | undefined;

  constructor(private readonly deps: IngestPipelineDeps) {}

  submit(body: EventBody): Promise<IngestOutcome> {
    const id = this.nextId++;
    const bytes = new Uint8Array(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
    // A body of its own buffer moves to the worker; a small one in Node's shared pool is copied.
    const owned = body.bytes.byteOffset === 0 && body.bytes.byteLength === body.bytes.buffer.byteLength;
    const message: ToIngestWorker = { kind: 'validate', id, bytes, format: body.format, now: this.deps.now(), maxBatch: this.deps.maxBatch };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.start().postMessage(message, owned ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  /**
   * The log's seq up to which the aggregator holds every stored event, and none after it: the
   * position a checkpoint taken now covers.
   */
  position(): number {
    return this.worker === undefined || this.appliedThrough === undefined ? this.deps.log.count() : this.appliedThrough;
  }

  /** Stops the worker once it has answered every batch in flight. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    // A worker asked to stop has answered everything: its exit is no failure.
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ kind: 'close' } satisfies ToIngestWorker);
    await exited;
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    // Nothing is in flight: the aggregator holds the whole log.
    this.appliedThrough = this.deps.log.count();
    const worker = new Worker(new URL('./ingest-worker-entry.mjs', import.meta.url), { workerData: this.deps.worker });
    worker.on('message', (message: FromIngestWorker) => this.receive(worker, message));
    worker.on('error', (error) => this.stop(worker, error));
    worker.on('exit', (code) => this.stop(worker, new Error(`the ingest thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /**
   * A stopped worker fails what it held, and the aggregator takes up what it had stored but not
   * yet reported (a re-sent batch then counts those as duplicates, already in the figures). The
   * next batch starts a new worker.
   */
  private stop(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const lost = httpError(503, `the ingest thread failed (${error.message}); nothing of this batch was acknowledged: send it again`);
    for (const pending of this.pending.values()) pending.reject(lost);
    this.pending.clear();
    if (this.appliedThrough !== undefined) this.deps.aggregator.applyAll(this.deps.log.recordsAfter(this.appliedThrough));
    this.drained?.();
  }

  private receive(worker: Worker, message: FromIngestWorker): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if (message.kind === 'stored') {
      this.stored.push({ worker, message, pending });
      if (this.stored.length === 1) setImmediate(() => this.applyStored());
      return;
    }
    this.answer(worker, message, pending);
    if (this.pending.size === 0) this.drained?.();
  }

  /**
   * Folds in the batches stored so far, after the messages that arrived with them: a check lets
   * the ingest thread store its batch while this thread folds, so checks go first.
   */
  private applyStored(): void {
    const stored = this.stored;
    this.stored = [];
    for (const { worker, message, pending } of stored) {
      if (this.pending.get(message.id) === pending) this.answer(worker, message, pending);
    }
    if (this.pending.size === 0) this.drained?.();
  }

  private answer(worker: Worker, message: FromIngestWorker, pending: Pending): void {
    switch (message.kind) {
      case 'validated': {
        const { candidates } = message;
        const refusals = new Array<string | null>(candidates.count);
        try {
          const record = blankRecord();
          for (let i = 0; i < candidates.count; i++) refusals[i] = this.deps.aggregator.check(readColumns(candidates, i, record)) ?? null;
          pending.candidates = candidates;
        } catch (error) {
          this.pending.delete(message.id);
          pending.reject(error);
          worker.postMessage({ kind: 'discard', id: message.id } satisfies ToIngestWorker);
          return;
        }
        worker.postMessage({ kind: 'store', id: message.id, refusals } satisfies ToIngestWorker);
        return;
      }
      case 'stored': {
        this.pending.delete(message.id);
        const { inserted } = message;
        try {
          if (pending.candidates !== undefined) this.deps.aggregator.applyAll(selectedRecords(pending.candidates, inserted));
          this.appliedThrough = message.through;
        } catch (error) {
          pending.reject(error);
          return;
        }
        pending.resolve({
          result: { accepted: inserted.reduce((sum, flag) => sum + flag, 0), duplicates: message.duplicates, rejected: message.rejected },
          rejectedBy: new Map(message.rejectedBy),
        });
        return;
      }
      case 'refused':
        this.pending.delete(message.id);
        pending.reject(httpError(message.status, message.message));
        return;
      case 'failed':
        this.pending.delete(message.id);
        pending.reject(new Database.SqliteError(message.message, message.code));
        return;
    }
  }
}
