import { commitBatches, validateBatch, type IngestDeps, type IngestOutcome, type ValidatedBatch } from './ingest-batch';

interface Waiting {
  batch: ValidatedBatch;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: batches validated in the same turn of the event loop (concurrent requests)
 * are stored in one transaction, and each request is answered once its events are on disk.
 * The disk sync runs on a pool thread and is shared by every commit made before it started, so
 * the main thread validates and commits the next batches meanwhile. A lone batch is committed
 * on its own right after its request.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly deps: IngestDeps) {}

  submit(items: readonly unknown[]): Promise<IngestOutcome> {
    const batch = validateBatch(items, this.deps.city, this.deps.now());
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.waiting.splice(0);
    let outcomes: IngestOutcome[];
    try {
      outcomes = commitBatches(
        group.map((w) => w.batch),
        this.deps,
      );
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    this.deps.log.synced().then(
      () => group.forEach((w, i) => w.resolve(outcomes[i])),
      (error: unknown) => group.forEach((w) => w.reject(error)),
    );
  }
}
