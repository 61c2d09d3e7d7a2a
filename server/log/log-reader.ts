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
}

type ReaderMessage = LogPage | { error: string };

/** Pages the reader thread may read ahead of the one being folded in. */
const AHEAD = 3;

const orUndefined = (value: number) => (value === value ? value : undefined);

/**
 * Event i of a page into `into`, every field set so that all records keep one shape. The id is
 * left empty: folding a stored event into the aggregator never needs it.
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
  return into;
}

/**
 * The whole log in insertion order, read by a worker thread (./log-reader-worker.mjs) with its
 * own read-only connection a few pages ahead of the consumer. Stopping early (return, throw)
 * stops the worker.
 */
export async function* readLog(file: string, pageSize = 20_000): AsyncGenerator<LogPage> {
  const worker = new Worker(new URL('./log-reader-worker.mjs', import.meta.url), {
    workerData: { file, pageSql: PAGE_SQL, pageSize, ahead: AHEAD, types: EVENT_TYPES, sources: SOURCES },
  });
  const pages: ReaderMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: ReaderMessage) => {
    pages.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure ??= error;
    wake?.();
  });
  worker.once('exit', (code) => {
    if (!closing) failure ??= new EventLogError(`the event log reader stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (pages.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      const next = pages.shift();
      if (next === undefined) throw failure;
      if ('error' in next) throw new EventLogError(next.error);
      if (next.count === 0) return;
      yield next;
      worker.postMessage('more');
    }
  } finally {
    closing = true;
    worker.postMessage('close');
    await exited;
  }
}
