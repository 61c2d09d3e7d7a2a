import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Aggregator } from '../core/aggregator';
import type { ReplayProgress } from '../log/replay';
import type { NodeCopy } from './node-copy';
import type { RedisEventLog, StreamPage } from './redis-event-log';
import { compareStreamIds } from './stream-id';

const PAGE = 5_000;
const BLOCK_MS = 2_000;
const RETRY_MS = 250;
const RETRY_MAX_MS = 5_000;
/** A node refreshes its claim at least this often while idle, so that it stays a live node. */
const CLAIM_EVERY_MS = 30_000;

interface Waiter {
  id: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The stream no longer holds what this node's copy lacks: no retry can help. */
export class StreamTrimmedError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Folds the shared stream into this node's copy and aggregator: first everything up to the end
 * as of start (the replay), then each new entry as it comes, from its last position, across lost
 * connections and Redis restarts alike. Every page is stored in the node's copy before it is
 * folded in, and the position stored is claimed in Redis, which lets the stream be trimmed.
 */
export class StreamTail {
  /** Id of the last entry folded in. */
  position = '0';
  private waiters: Waiter[] = [];
  private stopped = false;
  private following: Promise<void> | undefined;
  private failing: string | undefined;
  private claimed = { position: '', at: 0 };

  constructor(
    private readonly log: RedisEventLog,
    private readonly copy: NodeCopy,
    private readonly aggregator: Aggregator,
    private readonly report: { error(message: string): void; info(message: string): void },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The replay of a node joining: the stream from the copy's position up to its newest entry now,
   * yielding between pages. While Redis cannot be read it retries with a growing pause (the node
   * stays "replaying"); it fails only when the stream was trimmed past what the copy holds.
   */
  async catchUp(progress: ReplayProgress, signal?: AbortSignal): Promise<void> {
    const started = performance.now();
    this.position = this.copy.position();
    for (let pause = RETRY_MS; !signal?.aborted; pause = Math.min(pause * 2, RETRY_MAX_MS)) {
      try {
        await this.readToEnd(progress, signal);
        break;
      } catch (error) {
        if (error instanceof StreamTrimmedError) {
          progress.error = error.message;
          throw error;
        }
        this.report.error(`cannot read the shared event log (Redis) during the start-up replay: ${(error as Error).message}; retrying in ${pause} ms`);
        await sleep(pause);
      }
    }
    progress.ms = Math.round(performance.now() - started);
    progress.done = !signal?.aborted;
  }

  /** Follows new entries until `stop()`. */
  follow(): void {
    this.following ??= this.loop();
  }

  /**
   * Settles once this node's aggregator holds the entry `id` (read-your-writes for the node that
   * took it); fails when the tail cannot read or store the stream meanwhile, so that an ingest
   * request is answered (re-sending is safe) instead of waiting for the fault to clear.
   */
  applied(id: string): Promise<void> {
    if (compareStreamIds(id, this.position) <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ id, resolve, reject }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    await this.following;
  }

  private async readToEnd(progress: ReplayProgress, signal?: AbortSignal): Promise<void> {
    // Claimed before the check: no trim can pass this position after it, and the check sees any before it.
    await this.claim(true);
    const trimmed = await this.log.trimmedUpTo();
    if (compareStreamIds(this.position, trimmed) < 0) {
      // A node that cannot catch up must not hold the trimming back.
      await this.log.unclaim(this.copy.nodeId);
      throw new StreamTrimmedError(
        `this node's copy of the shared log ends at ${this.position}, but the stream was trimmed up to ${trimmed}: ` +
          `the node was away longer than ONESCREEN_REDIS_NODE_EXPIRY_HOURS, or its data directory is new. ` +
          `Stop it, empty its data directory, copy stream-position and then events.sqlite (sqlite3 .backup) from a running node into it, and start it again`,
      );
    }
    const end = await this.log.lastId();
    while (compareStreamIds(this.position, end) < 0 && !signal?.aborted) {
      const page = await this.log.read(this.position, PAGE);
      if (page.records.length === 0) break;
      progress.events += this.fold(page);
      await yieldToLoop();
    }
    await this.claim(true);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        this.fold(await this.log.read(this.position, PAGE, BLOCK_MS));
        await this.claim(false);
        if (this.failing !== undefined) this.report.info(`reading the shared event log again from ${this.position}`);
        this.failing = undefined;
      } catch (error) {
        if (this.stopped) return;
        const message = (error as Error).message;
        if (this.failing === undefined) this.report.error(`cannot read the shared event log (Redis) or store it locally: ${message}; retrying, figures stay as of ${this.position}`);
        this.failing = message;
        for (const waiter of this.waiters.splice(0)) waiter.reject(error as Error);
        await sleep(RETRY_MS);
      }
    }
  }

  /** Tells the other nodes how far this node's copy goes: when it moved, and now and then while idle. */
  private async claim(force: boolean): Promise<void> {
    const now = this.now();
    if (!force && this.claimed.position === this.position && now - this.claimed.at < CLAIM_EVERY_MS) return;
    await this.log.claim(this.copy.nodeId, this.position, now);
    this.claimed = { position: this.position, at: now };
  }

  /** Stores a page in the copy, then folds in what the copy did not hold yet; returns how many. */
  private fold(page: StreamPage): number {
    const fresh = this.copy.store(page);
    for (const record of fresh) this.aggregator.apply(record);
    this.position = page.last;
    if (this.waiters.length > 0) {
      this.waiters = this.waiters.filter((waiter) => {
        if (compareStreamIds(waiter.id, this.position) > 0) return true;
        waiter.resolve();
        return false;
      });
    }
    return fresh.length;
  }
}
