import { EVENT_TYPES, type Period } from '../../contract';
import type { Aggregator } from '../core/aggregator';
import { blankRecord, type CaseEventRecord } from '../core/case-event-record';
import { httpError } from '../http-error';
import { READ_SLICE_MS, TimeSlicer } from '../live/time-slices';
import { PAST_SQL, type EventLog } from '../log/event-log';
import { logValue, readLogWhere, readRecord, type LogPage } from '../log/log-reader';

/** Events folded between two looks at the time. */
const CHECK_EVERY = 512;
/** Cases re-derived per step once every event of a build is in: few, since each deadline is worked out on the work calendar. */
const SETTLE = 256;
/** Aggregators of past periods kept for the next reads, and how long (an event logged meanwhile shows after it). */
const KEPT = 2;
const KEPT_MS = 60_000;
/** What a read refused while another build runs is told to wait, in seconds. */
const RETRY_AFTER_S = 10;

interface Kept {
  ranges: Array<[number, number]>;
  at: number;
  aggregator: Aggregator;
}

/** Where the log starts, in words (+∞: it is empty). */
const logStart = (first: number) => (Number.isFinite(first) ? `its first event is at ${new Date(first).toISOString()}` : 'it holds no event yet');

const sameRange = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];

/**
 * The past before the retained window, rebuilt from the durable log (docs/replay.md#before-the-retained-window):
 * a fresh aggregator fed the events SQLite picks out of the log on a reader thread — for an
 * instant, those at or before it of the cases not closed before its day; for an evaluation, every
 * event of the cases reported or registered in its periods. The events are folded in slices of the
 * event loop, so ingest and the live tick go on. One build at a time: a read that needs another
 * meanwhile is answered 503 with Retry-After. The aggregators of past periods are kept a minute
 * (the latest two), so the evaluation, its departments and its reporters share one build.
 */
export class PastLog {
  private building: { key: string; result: Promise<Aggregator> } | undefined;
  private kept: Kept[] = [];
  private first: { count: number; at: number } | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly aggregator: Aggregator,
    private readonly now: () => number,
  ) {}

  /** The time of the log's earliest event (+∞ for none): of what it appended since, when it has grown. */
  async firstEventAt(): Promise<number> {
    const count = this.log.count();
    const known = this.first ?? { count: 0, at: Number.POSITIVE_INFINITY };
    if (known.count === count) return known.at;
    const appended = (await logValue(this.log.file, PAST_SQL.firstAt, { after: known.count })) ?? Number.POSITIVE_INFINITY;
    this.first = { count, at: Math.min(known.at, appended) };
    return this.first.at;
  }

  /** 404 for an instant before the log's first event. */
  async assertLogHas(instant: number): Promise<void> {
    const first = await this.firstEventAt();
    if (!(instant >= first)) throw httpError(404, `nothing to show at ${new Date(instant).toISOString()}: the log starts later (${logStart(first)})`);
  }

  /**
   * A replica of `instant` (Aggregator.replicaAt's, with `history` before it) from the log: what
   * a fresh aggregator fed only the events at or before the instant shows for its day.
   */
  async replica(instant: number, history: number, clock: () => number): Promise<Aggregator> {
    await this.assertLogHas(instant);
    const keepFrom = this.aggregator.replicaKeepFrom(instant, history);
    return this.exclusive(`the state at ${new Date(instant).toISOString()}`, () =>
      this.fold(this.aggregator.blank(clock), PAST_SQL.openAt, { last: this.log.count(), until: instant, keepFrom }),
    );
  }

  /**
   * An aggregator that evaluates `period` (with its 环比 and 同比 when `compared`) exactly, from
   * the log: it holds every case reported or registered in them, with all their events. 404 for a
   * period that ends before the log's first event.
   */
  async evaluation(period: Period, compared: boolean): Promise<Aggregator> {
    const all = this.aggregator.evaluationRanges(period);
    const ranges = compared ? all : all.slice(0, 1);
    const first = await this.firstEventAt();
    if (!(ranges[0][1] > first)) throw httpError(404, `period ${period.label} ends before the log starts (${logStart(first)}): there is nothing to evaluate`);
    const now = this.now();
    this.kept = this.kept.filter((entry) => now - entry.at <= KEPT_MS);
    const kept = this.kept.find((entry) => ranges.every((range) => entry.ranges.some((held) => sameRange(held, range))));
    if (kept) return kept.aggregator;
    const params: Record<string, number> = { last: this.log.count() };
    ranges.forEach(([from, to], k) => Object.assign(params, { [`from${k}`]: from, [`to${k}`]: to }));
    const wholeFrom = Math.min(...ranges.map(([from]) => from));
    const what = `the evaluation of ${period.label}${compared ? ' with its 环比 and 同比' : ''}`;
    const aggregator = await this.exclusive(what, () => this.fold(this.aggregator.blank(this.now, wholeFrom), PAST_SQL.cohort(ranges.length), params));
    // Kept from when it is ready: a rebuild may take longer than it is kept for.
    if (!this.kept.some((entry) => entry.aggregator === aggregator)) this.kept = [{ ranges, at: this.now(), aggregator }, ...this.kept].slice(0, KEPT);
    return aggregator;
  }

  /** A replay's stretch (from, to] from the log: the events of the cases not closed by `from`, in time and lifecycle order. */
  async between(from: number, to: number): Promise<CaseEventRecord[]> {
    const found: CaseEventRecord[] = [];
    for await (const page of readLogWhere(this.log.file, PAST_SQL.between, { last: this.log.count(), from, to })) {
      for (let i = 0; i < page.count; i++) found.push(readRecord(page, i, blankRecord()));
    }
    return found.sort((a, b) => a.at - b.at || EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type));
  }

  /** Runs one build at a time: the same one is shared, another is refused until it is over. */
  private exclusive(what: string, build: () => Promise<Aggregator>): Promise<Aggregator> {
    if (this.building?.key === what) return this.building.result;
    if (this.building) {
      throw httpError(
        503,
        `the server is rebuilding ${this.building.key} from its event log, one such rebuild at a time; retry in ${RETRY_AFTER_S} seconds for ${what}`,
        RETRY_AFTER_S,
      );
    }
    const result = build().finally(() => (this.building = undefined));
    this.building = { key: what, result };
    return result;
  }

  /** Folds the events a query picks into `into`, in slices of the event loop, then derives each case once. */
  private async fold(into: Aggregator, sql: string, params: Record<string, number>): Promise<Aggregator> {
    const record = blankRecord();
    into.beginLoad();
    const slicer = new TimeSlicer(READ_SLICE_MS);
    const breathe = async () => {
      if (slicer.due()) await slicer.yield();
    };
    const foldPage = async (page: LogPage) => {
      for (let i = 0; i < page.count; i++) {
        into.load(readRecord(page, i, record));
        if (i % CHECK_EVERY === CHECK_EVERY - 1) await breathe();
      }
    };
    for await (const page of readLogWhere(this.log.file, sql, params)) {
      await foldPage(page);
      await breathe();
    }
    while (!into.settleLoad(SETTLE)) await breathe();
    into.drainChanges();
    return into;
  }
}
