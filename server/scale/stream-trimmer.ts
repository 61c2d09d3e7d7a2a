import type { RedisEventLog } from './redis-event-log';

/** Entries removed by one script call: Redis runs scripts alone, so each call stays short. */
const STEP = 2_000;

/**
 * Keeps the shared stream from growing forever: every node keeps its own durable copy and claims
 * the position it holds; any node may trim the stream (and the idempotency contents of the trimmed
 * events) below the lowest position claimed by a live node. A node away longer than the expiry
 * loses its claim; a node with no copy cannot join once the stream has been trimmed.
 */
export class StreamTrimmer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly log: RedisEventLog,
    private readonly expiryMs: number,
    private readonly report: { error(message: string): void; debug(message: string): void },
    private readonly now: () => number = Date.now,
  ) {}

  /** Trims now, as far as every live node allows; returns the entries removed. */
  async trim(): Promise<number> {
    let total = 0;
    for (;;) {
      const { trimmed, lowest } = await this.log.trim(this.now(), this.expiryMs, STEP);
      total += trimmed;
      if (trimmed < STEP) {
        if (total > 0) this.report.debug(`trimmed ${total} entries of the shared stream, up to ${lowest ?? '?'}`);
        return total;
      }
    }
  }

  start(everyMs: number): void {
    if (everyMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running !== undefined) return;
      this.running = this.trim()
        .catch((error: unknown) => {
          this.report.error(`cannot trim the shared event log (Redis): ${(error as Error).message}; trying again later`);
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
