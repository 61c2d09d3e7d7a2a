import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { blankRecord } from '../core/case-event-record';
import { loadCheckpoint, type StartContext } from './checkpoint-start';
import { readLog, readRecord } from './log-reader';

/** Cases re-derived between two turns of the event loop once every event is in. */
const CASES = 10_000;
/** A replay of the whole log forgets cases closed before the retained window every this many events… */
const EVICT_EVERY_EVENTS = 1_000_000;
/** …once they are this share of the cases held: memory stays near what the window needs, whatever the log's age. */
const EVICT_SHARE = 0.1;

export interface ReplayProgress {
  done: boolean;
  /** Events folded in so far. */
  events: number;
  /** Duration of the finished replay. */
  ms: number;
  /** Why the replay stopped, when it failed. */
  error?: string;
  /** The log position of the checkpoint the start loaded, if it loaded one. */
  checkpoint?: number;
}

export type { StartContext };

/**
 * Brings the aggregator up to the log's end (docs/storage.md#start): the newest usable
 * checkpoint, then the log after its position; without one, the whole log, forgetting the cases
 * closed before the retained window as it goes. The log is read by worker threads a few pages
 * ahead; each case is derived once its events are in; the replay yields to the event loop
 * between pages so that health checks and metrics are answered meanwhile.
 */
export async function replayLog(context: StartContext, progress: ReplayProgress, signal?: AbortSignal): Promise<void> {
  const { log, aggregator, evicted } = context;
  const started = performance.now();
  // One record, refilled for each event: the aggregator keeps its fields, never the object.
  const record = blankRecord();
  try {
    const checkpoint = await loadCheckpoint(context);
    const after = checkpoint?.position ?? 0;
    if (checkpoint === undefined) evicted.reset(JSON.stringify(context.fingerprint));
    else progress.checkpoint = after;
    // The replay comes before any ingest, so the log's end now is its end.
    const last = log.count();
    aggregator.beginLoad(last - after);
    let sinceEviction = 0;
    for await (const page of readLog(log.file, last, undefined, undefined, after)) {
      for (let i = 0; i < page.count; i++) aggregator.load(readRecord(page, i, record));
      progress.events += page.count;
      sinceEviction += page.count;
      // Pages read ahead are at hand without a turn of the event loop: take one anyway.
      await yieldToLoop();
      if (signal?.aborted) return;
      if (sinceEviction >= EVICT_EVERY_EVENTS) {
        sinceEviction = 0;
        if (!(await settle(signal))) return;
        aggregator.evict(EVICT_SHARE);
        aggregator.beginLoad(last - after - progress.events);
      }
    }
    if (!(await settle(signal))) return;
    aggregator.evict(EVICT_SHARE);
    evicted.dropFilter();
  } catch (error) {
    progress.error = (error as Error).message;
    throw error;
  }
  progress.ms = Math.round(performance.now() - started);
  progress.done = true;

  async function settle(signal: AbortSignal | undefined): Promise<boolean> {
    while (!aggregator.settleLoad(CASES)) {
      await yieldToLoop();
      if (signal?.aborted) return false;
    }
    return true;
  }
}
