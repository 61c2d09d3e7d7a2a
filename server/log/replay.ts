import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Aggregator } from '../core/aggregator';
import type { EventLog } from './event-log';

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
 * Folds the whole log into the aggregator in insertion order, yielding to the event loop
 * between pages so that health checks and metrics are answered during a long replay.
 */
export async function replayLog(
  log: EventLog,
  aggregator: Aggregator,
  progress: ReplayProgress,
  signal?: AbortSignal,
): Promise<void> {
  const started = performance.now();
  try {
    for (const page of log.pages()) {
      for (const record of page) aggregator.apply(record);
      progress.events += page.length;
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
