import { commitBatches, validateBatch, type IngestDeps, type IngestOutcome, type ValidatedBatch } from './ingest-batch';

/**
 * Events after which a group takes no more batches: one fsync is shared widely enough, and the
 * batches left over are validated meanwhile and committed next, which keeps both threads busy
 * even when few requests are outstanding (all of them in one commit would leave this one idle).
 */
const GROUP_EVENTS = 2_000;

interface Waiting {
  batch: ValidatedBatch;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, pipelined: while one group of batches is written and made durable on the
 * writer thread, the batches of the requests arriving meanwhile are parsed and validated here;
 * they are committed together, sharing one fsync, as soon as the write in flight is done. Each
 * request is answered once its events are durable and folded into the aggregator.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly deps: IngestDeps) {}

  submit(items: readonly unknown[]): Promise<IngestOutcome> {
    const batch = validateBatch(items, this.deps.city, this.deps.now());
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      this.schedule();
    });
  }

  /** Flushes after this turn of the event loop, so that concurrent requests share the commit. */
  private schedule(): void {
    if (this.scheduled || this.writing || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.writing = true;
    let events = 0;
    let size = 0;
    while (size < this.waiting.length && events < GROUP_EVENTS) events += this.waiting[size++].batch.candidates.length;
    const group = this.waiting.splice(0, size);
    try {
      const outcomes = await commitBatches(
        group.map((w) => w.batch),
        this.deps,
      );
      group.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (error) {
      for (const w of group) w.reject(error);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }
}
