import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import type { EventLog } from './event-log';

/** Events folded in between two turns of the event loop (~tens of ms). */
const PAGE = 20_000;
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
 * Folds the whole log into the aggregator, then re-derives each case once, yielding to the
 * event loop between pages so that health checks and metrics are answered during a long replay.
 */
export async function replayLog(
  log: EventLog,
  aggregator: Aggregator,
  progress: ReplayProgress,
  signal?: AbortSignal,
): Promise<void> {
  const started = performance.now();
  const load = (record: CaseEventRecord) => {
    aggregator.load(record);
    progress.events++;
  };
  try {
    aggregator.beginLoad();
    for (let after = 0, last = -1; after !== last; ) {
      last = after;
      after = log.readPage(after, PAGE, load);
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
