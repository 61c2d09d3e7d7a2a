import { pause } from '../http/backoff';
import { EventSender, type SenderOptions, type SenderStats } from '../http/event-sender';
import type { ImportEvent } from './case-events';
import type { RowProblem } from './convert';

export interface ReplayOptions extends Omit<SenderOptions, 'onResult'> {
  /** Replay in event-time order at this factor of real time; undefined = as fast as ingest takes. */
  speed?: number;
  now?: () => number;
  /** Ends the replay early (what was pushed is still flushed). */
  signal?: AbortSignal;
}

export interface ReplayResult {
  sender: SenderStats;
  /** Events the server rejected, tied back to their source lines. */
  rejected: RowProblem[];
  /** Events not sent because they are dated after now (or the replay was stopped first). */
  held: ImportEvent[];
}

const CHUNK = 5000;

/**
 * Sends events (sorted by time) and never one dated after now: the server would refuse it,
 * and a replay shows the city as it happened. With `speed`, a replay clock starts at the
 * first event and runs `speed` times faster than the wall clock.
 */
export async function replay(events: readonly ImportEvent[], options: ReplayOptions): Promise<ReplayResult> {
  const now = options.now ?? Date.now;
  const lineOf = new Map(events.map((e) => [e.event.id, e.line]));
  const rejected: RowProblem[] = [];
  const sender = new EventSender({
    ...options,
    onResult: (batch, result) => {
      for (const r of result.rejected) {
        const id = batch[r.index]?.id ?? r.id ?? '';
        rejected.push({ line: lineOf.get(id) ?? 0, id, reason: r.error });
      }
    },
  });
  const wallStart = now();
  const replayStart = events[0]?.at ?? wallStart;
  const clock = (): number =>
    options.speed === undefined ? now() : Math.min(now(), replayStart + (now() - wallStart) * options.speed);

  const stopped = new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
  let next = 0;
  try {
    while (next < events.length && !options.signal?.aborted) {
      const due = clock();
      const from = next;
      while (next < events.length && events[next].at <= due && next - from < CHUNK) next += 1;
      if (next > from) {
        sender.push(events.slice(from, next).map((e) => e.event));
        await Promise.race([sender.room(), stopped]);
        continue;
      }
      // Nothing is due: without a replay clock the rest is in the future, so it stays held.
      if (options.speed === undefined) break;
      const wait = Math.min((events[next].at - due) / options.speed, events[next].at - now());
      await pause(Math.min(1000, Math.max(10, wait)), options.signal);
    }
    await Promise.race([sender.flush(), stopped]);
  } finally {
    // After a stop, what is buffered gets a few seconds to go out; the rest shows as buffered.
    await sender.close(options.signal?.aborted ? 5000 : 0);
  }
  return { sender: sender.stats(), rejected, held: events.slice(next) };
}
