import { Worker } from 'node:worker_threads';
import { EVENT_TYPES, SOURCES } from '../../contract';
import type { CaseEventRecord } from '../core/case-event-record';
import { EventLogError, PAGE_SQL } from './event-log';

/**
 * Consecutive events of the log as columns; NaN (numbers), null (strings) and 0 (source) mark
 * an absent field. Type and source are indexes into EVENT_TYPES and 1 + SOURCES.
 */
export interface LogPage {
  count: number;
  caseId: string[];
  type: Uint8Array;
  at: Float64Array;
  source: Uint8Array;
  lng: Float64Array;
  lat: Float64Array;
  deadline: Float64Array;
  category: Array<string | null>;
  gridCode: Array<string | null>;
  description: Array<string | null>;
  department: Array<string | null>;
  reporter: Array<string | null>;
}

type ReaderMessage = LogPage | { error: string } | { end: true };

/** Pages each reader thread may read ahead of the one being folded in. */
const AHEAD = 2;

const orUndefined = (value: number) => (!Number.isNaN(value) ? value : undefined);

/**
 * Event i of a page into `into`, every field set so that all records keep one shape. The id is
 * left empty, and an urge's note and author too: folding a stored event into the aggregator
 * needs neither.
 */
export function readRecord(page: LogPage, i: number, into: CaseEventRecord): CaseEventRecord {
  const source = page.source[i];
  into.id = '';
  into.caseId = page.caseId[i];
  into.type = EVENT_TYPES[page.type[i]];
  into.at = page.at[i];
  into.category = page.category[i] ?? undefined;
  into.source = source === 0 ? undefined : SOURCES[source - 1];
  into.gridCode = page.gridCode[i] ?? undefined;
  into.lng = orUndefined(page.lng[i]);
  into.lat = orUndefined(page.lat[i]);
  into.description = page.description[i] ?? undefined;
  into.deadline = orUndefined(page.deadline[i]);
  into.department = page.department[i] ?? undefined;
  into.reporter = page.reporter[i] ?? undefined;
  into.note = undefined;
  into.by = undefined;
  into.grid = undefined;
  return into;
}

/**
 * The log after seq `after` up to seq `last` in insertion order, read by `readers` worker threads
 * (./log-reader-worker.mjs), each with its own read-only connection, taking pages of seq ranges
 * in turn a few pages ahead of the consumer. Stopping early (return, throw) stops them.
 */
export function readLog(file: string, last: number, pageSize = 20_000, readers = 2, after = 0): AsyncGenerator<LogPage> {
  const ranges = Array.from({ length: readers }, (_, k) => ({ file, pageSql: PAGE_SQL, pageSize, first: after + k * pageSize, stride: readers * pageSize, last, ahead: AHEAD }));
  // Nothing to read needs no threads (and a new server is ready at once).
  return pagesOf(last <= after ? [] : ranges);
}

/**
 * The events one query of the log picks (its columns those of PAGE_SQL), in pages, read by a
 * worker thread a few pages ahead of the consumer: SQLite sorts them out off the main thread.
 * Stopping early stops it.
 */
export function readLogWhere(file: string, querySql: string, params: Record<string, number>, pageSize = 20_000): AsyncGenerator<LogPage> {
  return pagesOf([{ file, querySql, params, pageSize, ahead: AHEAD }]);
}

/** One value a query of the log gives (null for none), computed on a worker thread. */
export async function logValue(file: string, valueSql: string, params: Record<string, number> = {}): Promise<number | null> {
  const worker = new Worker(new URL('./log-reader-worker.mjs', import.meta.url), { workerData: { file, valueSql, params } });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { value: number | null }) => resolve(message.value));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new EventLogError(`the event log reader stopped (exit code ${code})`)));
  });
}

/** Pages from reader threads taken in turn, the first to end ending them all. */
async function* pagesOf(readers: ReadonlyArray<Record<string, unknown>>): AsyncGenerator<LogPage> {
  if (readers.length === 0) return;
  const queues: ReaderMessage[][] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let closing = false;
  const workers = readers.map((workerData) => {
    const worker = new Worker(new URL('./log-reader-worker.mjs', import.meta.url), { workerData });
    const queue: ReaderMessage[] = [];
    queues.push(queue);
    worker.on('message', (message: ReaderMessage) => {
      queue.push(message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.once('exit', (code) => {
      if (!closing) failure ??= new EventLogError(`the event log reader stopped (exit code ${code})`);
      wake?.();
    });
    return { worker, exited };
  });
  try {
    for (let turn = 0; ; turn = (turn + 1) % workers.length) {
      const queue = queues[turn];
      while (queue.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      const next = queue.shift();
      if (next === undefined) throw failure;
      if ('error' in next) throw new EventLogError(next.error);
      // Ranges are taken in turn: the first reader past its end ends the log.
      if ('end' in next) return;
      yield next;
      workers[turn].worker.postMessage('more');
    }
  } finally {
    closing = true;
    for (const { worker } of workers) worker.postMessage('close');
    await Promise.all(workers.map(({ exited }) => exited));
  }
}
