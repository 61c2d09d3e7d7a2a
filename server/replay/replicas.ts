import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import { httpError } from '../http-error';
import { REPORT_HISTORY_MS } from '../live/alerts';
import { instantParam } from '../schemas/instant-param';

/** Longest stretch a replica's build holds the event loop before it lets ingest and the tick in. */
const SLICE_MS = 8;
/** Replicas kept for repeated reads of the same instant (the tablet asks summary, grids and points). */
const KEPT = 4;
const KEPT_MS = 15_000;

/**
 * Replicas of the past, built in slices of the event loop so that other clients never wait on
 * them (docs/replay.md#how-the-past-is-rebuilt): for the reads that take `at`, and as the
 * starting state of a replaying wall.
 */
export class Replicas {
  private readonly kept = new Map<number, { at: number; replica: Promise<Aggregator> }>();

  constructor(
    private readonly aggregator: Aggregator,
    private readonly now: () => number,
  ) {}

  /**
   * What a read answers from: the live aggregator, or with `at` (a query's raw instant) the
   * state as it stood then. `date` may not come with `at`: the instant names its own day.
   */
  async readAt(at: string | undefined, date?: string): Promise<Aggregator> {
    if (at === undefined) return this.aggregator;
    if (date !== undefined) throw httpError(400, 'give either date or at: an instant names its own day');
    return this.at(instantParam('at', at));
  }

  /**
   * The state at `instant` (epoch ms) for reads, shared by requests for the same instant, or a
   * 400/404 saying why there is none: an instant later than now, or before the first event held.
   */
  at(instant: number): Promise<Aggregator> {
    this.check(instant);
    const now = this.now();
    for (const [key, entry] of this.kept) if (now - entry.at > KEPT_MS) this.kept.delete(key);
    const kept = this.kept.get(instant);
    if (kept) return kept.replica;
    const replica = this.build(instant, () => instant);
    this.kept.set(instant, { at: now, replica });
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as number);
    replica.catch(() => this.kept.delete(instant));
    return replica;
  }

  /** A replica whose clock is `clock`, for a replaying wall: with the week of reports its surge alerts compare with. */
  forReplay(instant: number, clock: () => number): Promise<Aggregator> {
    this.check(instant);
    return this.build(instant, clock, REPORT_HISTORY_MS);
  }

  /** 400 for an instant later than now, 404 for one before the first event held. */
  check(instant: number): void {
    const now = this.now();
    if (instant > now) throw httpError(400, `the instant ${new Date(instant).toISOString()} is later than now (${new Date(now).toISOString()})`);
    const first = this.aggregator.firstEventAt();
    if (!(instant >= first)) {
      const since = Number.isFinite(first) ? `its first event is at ${new Date(first).toISOString()}` : 'it holds no event yet';
      throw httpError(404, `nothing to show at ${new Date(instant).toISOString()}: the log starts later (${since})`);
    }
  }

  /** The events of a replay's next stretch: (from, to], in time order. */
  timeline(from: number, to: number): Promise<CaseEventRecord[]> {
    return sliced(this.aggregator.eventsBetween(from, to));
  }

  private build(instant: number, clock: () => number, history = 0): Promise<Aggregator> {
    return sliced(this.aggregator.replicaAt(instant, history, clock));
  }
}

/** Runs one of the core's generators to its end, letting the event loop in every few milliseconds. */
async function sliced<T>(steps: Generator<void, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
