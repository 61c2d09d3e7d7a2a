import type { CaseEvent, IngestResult } from '../../contract';
import { backoffDelay, pause } from './backoff';
import { OneScreenClient, type ClientOptions } from './onescreen-client';

export interface SenderOptions extends ClientOptions {
  /** Events per POST (the server takes up to its body limit; 1,000 is the reference batch). */
  batchSize?: number;
  /** A partly filled batch goes out after this long. */
  flushMs?: number;
  /** Events held in memory (queued or in flight) before `room()` makes the producer wait. */
  maxBuffered?: number;
  /** Parallel requests; two keep the server busy while one answer is on its way. */
  concurrency?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** One status line this often (0 = never). */
  statusEveryMs?: number;
  /** Prefix of log lines, e.g. `[simulate]`. */
  label?: string;
  log?: (line: string) => void;
  /** Called with every answered batch, e.g. to tie rejections back to source rows. */
  onResult?: (batch: readonly CaseEvent[], result: IngestResult) => void;
}

export interface SenderStats {
  /** Events the server has answered for. */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Events of batches the server refused as a whole (a 4xx other than 429). */
  refused: number;
  /** Events waiting in memory, queued or in flight. */
  buffered: number;
  retries: number;
  /** Set while the server is unreachable or overloaded. */
  failing?: string;
  /** Set when the token is refused: nothing more is sent. */
  fatal?: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const MAX_LOGGED_REJECTIONS = 10;

/**
 * Sends case events to `POST /api/v1/events` in batches. Never drops an event: a failed
 * batch is retried with exponential backoff and jitter until the server takes it, and when
 * the buffer is full the producer is asked to wait (`room()`) instead.
 */
export class EventSender {
  private readonly client: OneScreenClient;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly maxBuffered: number;
  private readonly concurrency: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly label: string;
  private readonly log: (line: string) => void;
  private readonly onResult?: SenderOptions['onResult'];
  private readonly queue: CaseEvent[][] = [];
  private filling: CaseEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly statusTimer: NodeJS.Timeout | undefined;
  private active = 0;
  private loggedRejections = 0;
  private pausedSince: number | undefined;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void; drained: boolean }> = [];
  private readonly closing = new AbortController();
  private readonly counts: SenderStats = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, refused: 0, buffered: 0, retries: 0 };

  constructor(options: SenderOptions) {
    this.client = new OneScreenClient(options);
    this.batchSize = options.batchSize ?? 1000;
    this.flushMs = options.flushMs ?? 200;
    this.maxBuffered = options.maxBuffered ?? 500_000;
    this.concurrency = options.concurrency ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.label = options.label ?? '[sender]';
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.onResult = options.onResult;
    const every = options.statusEveryMs ?? 10_000;
    if (every > 0) {
      this.statusTimer = setInterval(() => this.log(this.statusLine()), every);
      this.statusTimer.unref();
    }
  }

  stats(): SenderStats {
    return { ...this.counts };
  }

  statusLine(): string {
    const s = this.counts;
    const state = s.fatal ? ` | stopped: ${s.fatal}` : s.failing ? ` | retrying: ${s.failing}` : '';
    const figures = [
      `sent ${fmt(s.sent)}`,
      `accepted ${fmt(s.accepted)}`,
      `duplicates ${fmt(s.duplicates)}`,
      `rejected ${fmt(s.rejected + s.refused)}`,
      `buffered ${fmt(s.buffered)}`,
    ];
    return `${this.label} ${figures.join(' | ')}${state}`;
  }

  /** Queue events. Callers that produce without limit await `room()` between pushes. */
  push(events: readonly CaseEvent[]): void {
    if (this.counts.fatal) throw new Error(`${this.label} not sending: ${this.counts.fatal}`);
    this.counts.buffered += events.length;
    for (const event of events) {
      this.filling.push(event);
      if (this.filling.length >= this.batchSize) this.seal();
    }
    if (this.filling.length > 0 && !this.flushTimer) {
      this.flushTimer = setTimeout(() => this.seal(), this.flushMs);
    }
    this.pump();
  }

  /** Resolves at once while the buffer has room; otherwise when it has drained to 90 %. */
  room(): Promise<void> {
    if (this.counts.fatal) return Promise.reject(new Error(this.counts.fatal));
    if (this.counts.buffered < this.maxBuffered) return Promise.resolve();
    if (this.pausedSince === undefined) {
      this.pausedSince = Date.now();
      this.log(
        `${this.label} WARNING buffer full: ${fmt(this.counts.buffered)} events waiting to be sent` +
          `${this.counts.failing ? ` (server: ${this.counts.failing})` : ''}; generation paused, nothing is dropped`,
      );
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject, drained: false }));
  }

  /** Resolves once every pushed event has been answered for. */
  flush(): Promise<void> {
    this.seal();
    if (this.counts.fatal) return Promise.reject(new Error(this.counts.fatal));
    if (this.counts.buffered === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject, drained: true }));
  }

  /** Flush for at most `timeoutMs`, then stop retrying; returns how many events were left unsent. */
  async close(timeoutMs = 10_000): Promise<number> {
    const flushed = this.flush().then(() => true, () => false);
    const timedOut = pause(timeoutMs, this.closing.signal).then(() => false);
    await Promise.race([flushed, timedOut]);
    this.closing.abort();
    clearInterval(this.statusTimer);
    clearTimeout(this.flushTimer);
    return this.counts.buffered;
  }

  private seal(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.filling.length === 0) return;
    this.queue.push(this.filling);
    this.filling = [];
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0 && !this.counts.fatal && !this.closing.signal.aborted) {
      const batch = this.queue.shift() as CaseEvent[];
      this.active += 1;
      void this.deliver(batch).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private async deliver(batch: CaseEvent[]): Promise<void> {
    for (let attempt = 0; !this.closing.signal.aborted; attempt += 1) {
      const outcome = await this.client.postEvents(batch);
      if (outcome.kind === 'retry') {
        if (!this.counts.failing) {
          this.log(`${this.label} server not taking events (${outcome.reason}); retrying with backoff, nothing is dropped`);
        }
        this.counts.failing = outcome.reason;
        this.counts.retries += 1;
        await pause(outcome.retryAfterMs ?? backoffDelay(attempt, this.retryBaseMs, this.retryMaxMs), this.closing.signal);
        continue;
      }
      if (this.counts.failing) this.log(`${this.label} server is taking events again`);
      this.counts.failing = undefined;
      if (outcome.kind === 'ok') return this.answered(batch, outcome.result);
      if (outcome.kind === 'too-large' && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        this.queue.unshift(batch.slice(0, half), batch.slice(half));
        return;
      }
      if (outcome.kind === 'fatal') return this.stop(`the server refused the token (${outcome.status}): ${outcome.message}`);
      const status = outcome.kind === 'too-large' ? 413 : outcome.status;
      this.log(`${this.label} BUG the server refused a batch of ${batch.length} events (${status}): ${outcome.message}`);
      this.counts.refused += batch.length;
      return this.settle(batch.length);
    }
  }

  private answered(batch: readonly CaseEvent[], result: IngestResult): void {
    this.counts.sent += batch.length;
    this.counts.accepted += result.accepted;
    this.counts.duplicates += result.duplicates;
    this.counts.rejected += result.rejected.length;
    for (const r of result.rejected) {
      if (this.loggedRejections >= MAX_LOGGED_REJECTIONS) break;
      this.loggedRejections += 1;
      const more = this.loggedRejections === MAX_LOGGED_REJECTIONS ? ' (further rejections are only counted)' : '';
      this.log(`${this.label} rejected event ${r.id ?? `#${r.index}`}: ${r.error}${more}`);
    }
    this.onResult?.(batch, result);
    this.settle(batch.length);
  }

  private settle(events: number): void {
    this.counts.buffered -= events;
    const buffered = this.counts.buffered;
    if (this.pausedSince !== undefined && buffered < this.maxBuffered * 0.9) {
      const paused = ((Date.now() - this.pausedSince) / 1000).toFixed(1);
      this.log(`${this.label} buffer has room again (${fmt(buffered)} waiting); generation resumed after ${paused} s`);
      this.pausedSince = undefined;
    }
    this.waiters = this.waiters.filter((w) => {
      const done = w.drained ? buffered === 0 : buffered < this.maxBuffered * 0.9;
      if (done) w.resolve();
      return !done;
    });
  }

  private stop(reason: string): void {
    this.counts.fatal = reason;
    this.log(`${this.label} ERROR ${reason}; stopped sending (${fmt(this.counts.buffered)} events unsent)`);
    for (const w of this.waiters) w.reject(new Error(reason));
    this.waiters = [];
  }
}
