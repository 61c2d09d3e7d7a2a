import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Aggregator } from '../core/aggregator';
import type { ReplayProgress } from '../log/replay';
import type { RedisEventLog, StreamPage } from './redis-event-log';
import { compareStreamIds } from './stream-id';

const PAGE = 5_000;
const BLOCK_MS = 2_000;
const RETRY_MS = 250;

interface Waiter {
  id: string;
  resolve: () => void;
}

/**
 * Folds the shared stream into this node's aggregator: first everything up to the end as of
 * start (the replay), then each new entry as it comes, from its last position, across lost
 * connections and Redis restarts alike.
 */
export class StreamTail {
  /** Id of the last entry folded in. */
  position = '0';
  private waiters: Waiter[] = [];
  private stopped = false;
  private following: Promise<void> | undefined;
  private failing: string | undefined;

  constructor(
    private readonly log: RedisEventLog,
    private readonly aggregator: Aggregator,
    private readonly report: { error(message: string): void; info(message: string): void },
  ) {}

  /** The replay of a node joining: the stream up to its newest entry now, yielding between pages. */
  async catchUp(progress: ReplayProgress, signal?: AbortSignal): Promise<void> {
    const started = performance.now();
    try {
      const end = await this.log.lastId();
      while (compareStreamIds(this.position, end) < 0 && !signal?.aborted) {
        const page = await this.log.read(this.position, PAGE);
        if (page.records.length === 0) break;
        this.fold(page);
        progress.events += page.records.length;
        await yieldToLoop();
      }
    } catch (error) {
      progress.error = `the shared event log (Redis) could not be read: ${(error as Error).message}`;
      throw new Error(progress.error);
    }
    progress.ms = Math.round(performance.now() - started);
    progress.done = !signal?.aborted;
  }

  /** Follows new entries until `stop()`. */
  follow(): void {
    this.following ??= this.loop();
  }

  /** Settles once this node's aggregator holds the entry `id` (read-your-writes for the node that took it). */
  applied(id: string): Promise<void> {
    if (compareStreamIds(id, this.position) <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    await this.following;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        this.fold(await this.log.read(this.position, PAGE, BLOCK_MS));
        if (this.failing !== undefined) this.report.info(`reading the shared event log again from ${this.position}`);
        this.failing = undefined;
      } catch (error) {
        if (this.stopped) return;
        const message = (error as Error).message;
        if (this.failing === undefined) this.report.error(`cannot read the shared event log (Redis): ${message}; retrying, figures stay as of ${this.position}`);
        this.failing = message;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private fold(page: StreamPage): void {
    for (const record of page.records) this.aggregator.apply(record);
    this.position = page.last;
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => {
      if (compareStreamIds(waiter.id, this.position) > 0) return true;
      waiter.resolve();
      return false;
    });
  }
}
