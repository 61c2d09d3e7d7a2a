import type { Period } from '../../contract';
import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import { httpError } from '../http-error';
import { REPORT_HISTORY_MS } from '../live/alerts';
import { sliced } from '../live/time-slices';
import { instantParam } from '../schemas/instant-param';
import type { PastLog } from './past-log';

/** Replicas kept for repeated reads of the same instant (the tablet asks summary, grids and points). */
const KEPT = 4;
const KEPT_MS = 15_000;

/**
 * Replicas of the past, built in slices of the event loop so that other clients never wait on
 * them (docs/replay.md#how-the-past-is-rebuilt): for the reads that take `at`, and as the
 * starting state of a replaying wall. Within the retained window from the aggregator's memory;
 * before it from the log (`past`).
 */
export class Replicas {
  private readonly kept = new Map<number, { at: number; replica: Promise<Aggregator> }>();

  constructor(
    private readonly aggregator: Aggregator,
    private readonly past: PastLog,
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
   * 400/404 saying why there is none: an instant later than now, or before the log's first event.
   */
  at(instant: number): Promise<Aggregator> {
    this.assertPast(instant);
    const now = this.now();
    for (const [key, entry] of this.kept) if (now - entry.at > KEPT_MS) this.kept.delete(key);
    const kept = this.kept.get(instant);
    if (kept) return kept.replica;
    const replica = this.build(instant, () => instant, 0);
    this.kept.set(instant, { at: now, replica });
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as number);
    replica.catch(() => this.kept.delete(instant));
    return replica;
  }

  /** A replica whose clock is `clock`, for a replaying wall: with the week of reports its surge alerts compare with. */
  forReplay(instant: number, clock: () => number): Promise<Aggregator> {
    this.assertPast(instant);
    return this.build(instant, clock, REPORT_HISTORY_MS);
  }

  /** The time of the log's first event (+∞ for none): how far back the past can be shown. */
  firstEventAt(): Promise<number> {
    return this.past.firstEventAt();
  }

  /** 400 for an instant later than now, 404 for one before the log's first event. */
  async check(instant: number): Promise<void> {
    this.assertPast(instant);
    if (!this.inMemory(instant, 0)) await this.past.assertLogHas(instant);
  }

  /** The events of a replay's next stretch: (from, to], in time order. */
  timeline(from: number, to: number): Promise<CaseEventRecord[]> {
    if (from < this.aggregator.heldFrom()) return this.past.between(from, to);
    return sliced(this.aggregator.eventsBetween(from, to));
  }

  /**
   * What evaluates `period` (with its 环比 and 同比 when `compared`): the live aggregator when
   * the retained window holds their cases, an aggregator of them from the log otherwise.
   */
  evaluator(period: Period, compared: boolean): Promise<Aggregator> {
    const ranges = this.aggregator.evaluationRanges(period);
    const heldFrom = this.aggregator.heldFrom();
    if ((compared ? ranges : ranges.slice(0, 1)).every(([from]) => from >= heldFrom)) return Promise.resolve(this.aggregator);
    return this.past.evaluation(period, compared);
  }

  private assertPast(instant: number): void {
    const now = this.now();
    if (instant > now) throw httpError(400, `the instant ${new Date(instant).toISOString()} is later than now (${new Date(now).toISOString()})`);
  }

  /** Whether memory holds what a replica of `instant` needs: every case it keeps, and an event at or before the instant. */
  private inMemory(instant: number, history: number): boolean {
    return this.aggregator.replicaKeepFrom(instant, history) >= this.aggregator.heldFrom() && instant >= this.aggregator.firstEventAt();
  }

  private build(instant: number, clock: () => number, history: number): Promise<Aggregator> {
    if (!this.inMemory(instant, history)) return this.past.replica(instant, history, clock);
    return sliced(this.aggregator.replicaAt(instant, history, clock));
  }
}
