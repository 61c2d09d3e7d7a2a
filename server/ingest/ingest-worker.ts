import { parentPort, workerData } from 'node:worker_threads';
import { loadCity } from '../geo';
import { HttpError } from '../http-error';
import { EventLog, isStorageError } from '../log/event-log';
import { parseEventBody } from './event-body';
import { storeBatches, validateBatch, type CheckedBatch, type ValidatedBatch } from './ingest-batch';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-messages';
import { toColumns, transferables } from './record-columns';

/**
 * The ingest's thread (started by IngestPipeline): parses and validates each body, and stores
 * the candidates the main thread's aggregator did not refuse, several batches per transaction,
 * answering once they are on disk. The main thread is left the aggregator and the sockets.
 */
const port = parentPort;
if (port === null) throw new Error('ingest-worker runs as a worker thread');
const data = workerData as IngestWorkerData;
const city = loadCity(data.city.geojson !== undefined ? { geojson: data.city.geojson } : {});
if (city.code !== data.city.code || city.gridCount !== data.city.gridCount) {
  throw new Error(`the ingest thread loaded city ${city.code} (${city.gridCount} grids), not the server's ${data.city.code} (${data.city.gridCount} grids)`);
}
const log = new EventLog(data.dataDir);
type ValidateMessage = Extract<ToIngestWorker, { kind: 'validate' }>;
/** Bodies received and not yet validated, in arrival order. */
const unvalidated: ValidateMessage[] = [];
const validated = new Map<number, ValidatedBatch>();
/** Batches checked by the main thread and not yet stored. */
let waiting: Array<{ id: number; checked: CheckedBatch }> = [];
let scheduled = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(work);
}

/**
 * One job per event-loop turn, storing before validating. Validating every body as it arrives
 * held back the stores of the first checked batches behind the bodies that came with them:
 * the connections' batches then moved in one convoy, the main thread folding them in while
 * this thread waited for the next bodies (bench/README.md#ingest). Stores first let each
 * batch be answered while the next are validated.
 */
function work(): void {
  scheduled = false;
  if (waiting.length > 0) store();
  else {
    const next = unvalidated.shift();
    if (next !== undefined) validate(next);
  }
  if (waiting.length > 0 || unvalidated.length > 0) schedule();
}

const post = (message: FromIngestWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function validate(message: ValidateMessage): void {
  const { id, bytes, format, now, maxBatch } = message;
  let items: unknown[];
  try {
    items = parseEventBody(bytes, format, maxBatch);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    post({ kind: 'refused', id, status: error.statusCode, message: error.message });
    return;
  }
  const batch = validateBatch(items, city, now);
  validated.set(id, batch);
  const candidates = toColumns(batch.candidates.map((c) => c.record));
  post({ kind: 'validated', id, candidates }, transferables(candidates));
}

/** Stores every batch checked so far in one transaction; answers once the disk has it. */
function store(): void {
  const group = waiting;
  waiting = [];
  let inserted: Uint8Array[];
  const before = log.count();
  try {
    inserted = storeBatches(
      group.map((g) => g.checked),
      log,
    );
  } catch (error) {
    fail(group, error);
    return;
  }
  // This thread alone writes the log, and each stored event takes the next seq: a batch ends
  // where the events stored before it and its own end. The main thread folds the batches in this
  // order, so after each one the aggregator holds exactly the log up to its `through`.
  let through = before;
  const throughs = inserted.map((flags) => (through += flags.reduce((sum, flag) => sum + flag, 0)));
  log.synced().then(
    () =>
      group.forEach(({ id, checked }, i) => {
        const { result, rejectedBy } = checked.batch.outcome;
        post({ kind: 'stored', id, inserted: inserted[i], duplicates: result.duplicates, rejected: result.rejected, rejectedBy: [...rejectedBy], through: throughs[i] }, [inserted[i].buffer as ArrayBuffer]);
      }),
    (error: unknown) => fail(group, error),
  );
}

function fail(group: ReadonlyArray<{ id: number }>, error: unknown): void {
  if (!isStorageError(error)) throw error;
  for (const { id } of group) post({ kind: 'failed', id, code: error.code, message: error.message });
}

port.on('message', (message: ToIngestWorker) => {
  switch (message.kind) {
    case 'validate':
      unvalidated.push(message);
      schedule();
      return;
    case 'store': {
      const batch = validated.get(message.id);
      if (batch === undefined) throw new Error(`ingest-worker: no validated batch ${message.id}`);
      validated.delete(message.id);
      waiting.push({ id: message.id, checked: { batch, refusals: message.refusals } });
      schedule();
      return;
    }
    case 'discard':
      validated.delete(message.id);
      return;
    case 'close':
      log.close();
      port.close();
      return;
  }
});
