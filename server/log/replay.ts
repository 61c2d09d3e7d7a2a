import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Aggregator } from '../core/aggregator';
import { blankRecord } from '../core/case-event-record';
import type { EventLog } from './event-log';
import { readLog, readRecord } from './log-reader';

/** Cases re-derived between two turns of the event loop once every event is in. */
const CASES = 10_000;

export interface ReplayProgress {
  done: boolean;
  /** Events folded in so far. */
  events: number;
  /** Duration of the finished replay. */
  ms: number;
  /** Why the replay stopped, when it failed. */
  error?: string;
}

/**
 * Folds the whole log into the aggregator (read by worker threads, a few pages ahead), then
 * re-derives each case once, yielding to the event loop between pages so that health checks
 * and metrics are answered during a long replay.
 */
export async function replayLog(
  log: EventLog,
  aggregator: Aggregator,
  progress: ReplayProgress,
  signal?: AbortSignal,
): Promise<void> {
  const started = performance.now();
  // One record, refilled for each event: the aggregator keeps its fields, never the object.
  const record = blankRecord();
  try {
    // The replay comes before any ingest, so the log's end now is its end.
    const last = log.count();
    aggregator.beginLoad(last);
    for await (const page of readLog(log.file, last)) {
      for (let i = 0; i < page.count; i++) aggregator.load(readRecord(page, i, record));
      progress.events += page.count;
      // Pages read ahead are at hand without a turn of the event loop: take one anyway.
      await yieldToLoop();
      if (signal?.aborted) return;
    }
    while (!aggregator.settleLoad(CASES)) {
      await yieldToLoop();
      if (signal?.aborted) return;
    }
  } catch (error) {
    progress.error = (error as Error).message;
    throw error;
  }
  progress.ms = Math.round(performance.now() - started);
  progress.done = true;
}
