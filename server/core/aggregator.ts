import type {
  CaseItem,
  CaseListStatus,
  CasePoints,
  DepartmentEvaluations,
  DepartmentRow,
  Evaluation,
  EvaluationRules,
  GridRow,
  Period,
  ReporterRows,
  Summary,
  Topic,
  WallEvaluation,
} from '../../contract';
import { DEFAULT_EVALUATION_RULES, MINOR_CATEGORIES, parsePeriod } from '../../contract';
import { DEFAULT_OFFICE_HOURS, WorkCalendar, deadlineAfter, type OfficeHours } from '../../contract/work-calendar';
import type { CaseEventRecord } from './case-event-record';
import { CaseIndex } from './case-index';
import { reindexCases } from './case-indexes';
import { CaseItems } from './case-items';
import { CaseRecords } from './case-records';
import { DerivedCase, T_DEADLINE, T_REGISTERED, T_REPORTED, deriveCase, resolveExtensions } from './case-state';
import { CaseStore } from './case-store';
import { CaseUpdater } from './case-update';
import { CANCELLED, CLOSED, DISPATCHED, EXTENDED, REGISTERED, REPORTED, RETURNED, SOURCE_CODE, TYPE_CODE, minorIndex } from './catalogue';
import { ChangeLog } from './change-log';
import { CheckpointImage, readCheckpoint, type CheckpointData } from './checkpoint-state';
import type { CityIndex } from './city-index';
import { DayTables } from './day-table';
import { Departments, departmentRows, scanDepartments } from './departments';
import { EvaluationReader } from './evaluation-reader';
import { FIELDS } from './figure-layout';
import { gridOfEvent, refusalOf } from './event-check';
import type { EvictedCase, EvictedCases } from './evicted-cases';
import { evictClosedBefore } from './eviction';
import { EventPool, NONE, ReportedPool } from './event-pool';
import { LocalTime } from './local-time';
import { OverdueQueue } from './overdue-queue';
import { ReadGuard } from './read-guard';
import { CITY_SLOT, ScopeIndex } from './scope-index';
import { allAtOnce } from './steps';
import { SummaryReader } from './summary-reader';
import { Tally } from './tally';
import { isFamily, scanTopic } from './topic';

import { CoreError } from './core-error';

export { CoreError };

export interface AggregatorOptions {
  city: CityIndex;
  /** IANA zone, default 'Asia/Shanghai'. */
  zone?: string;
  /** Days kept, today included; default 400. */
  retentionDays?: number;
  officeHours?: OfficeHours;
  /** Injectable clock (epoch ms), default Date.now. */
  now?: () => number;
  /** How the evaluation scores (docs/evaluation.md#rules); default DEFAULT_EVALUATION_RULES. */
  evaluationRules?: EvaluationRules;
  /**
   * Where cases closed before the retained window go when evict() forgets them
   * (docs/storage.md#bounded-memory); without it every case is kept.
   */
  evicted?: EvictedCases;
  /**
   * For an aggregator of the past fed from the log (server/replay/past-log.ts): the first instant
   * from which it holds the cases the evaluation asks about, whatever its retention; it answers
   * periods from there on. Without it, the retained window's start (heldFrom()).
   */
  wholeFrom?: number;
}

/** Where and when a case was reported. */
export interface CaseReport {
  caseId: string;
  gridCode: string;
  /** Epoch ms. */
  reportedAt: number;
}

export interface AggregatorChanges {
  /**
   * 'city', district, street and community codes whose today figures or live values changed, and
   * grid codes whose today figures changed; each once (lists, not sets: a busy tick has tens of thousands).
   */
  scopes: string[];
  /** Grid codes whose GridRow changed, each once. */
  grids: string[];
  /** caseIds new or changed, oldest change first (at most the latest CHANGED_CASES_KEPT). */
  cases: string[];
  /** caseIds that passed their deadline since the previous drain. */
  overdue: string[];
  /** Local midnight passed. */
  newDay: boolean;
}

const MAX_LIST = 10_000;
/** A previous state that offers no deadline to reuse. */
const NOTHING_KNOWN = new DerivedCase();
/** Fewer than a real city's (about 5), so a bulk load's reservation rarely has to grow. */
const EVENTS_PER_CASE = 4;

/**
 * The pure aggregator core: folds case events into exact per-day figures of the city, its
 * districts, streets and grids (docs/metrics.md), whatever the arrival order, and answers the read
 * API and the live push from them.
 */
export class Aggregator {
  private readonly city: CityIndex;
  private readonly time: LocalTime;
  private readonly calendar: WorkCalendar;
  private readonly now: () => number;
  private readonly scopes: ScopeIndex;
  private readonly events = new EventPool();
  private readonly reports = new ReportedPool();
  private readonly store: CaseStore;
  private readonly departmentNames = new Departments();
  private readonly days: DayTables;
  private readonly changes: ChangeLog;
  private readonly tally: Tally;
  private readonly index: CaseIndex;
  private readonly queue = new OverdueQueue();
  private readonly updater: CaseUpdater;
  private readonly reader: SummaryReader;
  private readonly items: CaseItems;
  private readonly guard: ReadGuard;
  private readonly evaluations: EvaluationReader;
  private readonly rules: EvaluationRules;
  private readonly evicted: EvictedCases | undefined;
  /** A checkpoint being written: its frozen rows are read until it is released. */
  private image: CheckpointImage | undefined;
  private readonly records: CaseRecords;
  private earliest = Number.POSITIVE_INFINITY;
  /** How many times evict() renumbered the cases: a sliced read across one starts again. */
  private compactions = 0;
  private readonly officeHours: OfficeHours;
  private readonly prev = new DerivedCase();
  private readonly next = new DerivedCase();
  private todayDay = Number.NaN;
  private todayStart = Number.NaN;
  private nextMidnight = Number.NaN;
  /** Cases numbered from here on are being loaded (see load()); up to `settled` they are re-derived. */
  private loadFrom = Number.POSITIVE_INFINITY;
  private settled = 0;

  constructor(options: AggregatorOptions) {
    const retentionDays = options.retentionDays ?? 400;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`retentionDays must be a whole number ≥ 1, not ${retentionDays}`);
    this.city = options.city;
    this.time = new LocalTime(options.zone ?? 'Asia/Shanghai');
    this.officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
    this.calendar = new WorkCalendar(this.time, this.officeHours);
    this.now = options.now ?? Date.now;
    this.evicted = options.evicted;
    this.scopes = new ScopeIndex(this.city);
    this.store = new CaseStore(this.reports, this.city.gridCount);
    this.changes = new ChangeLog(this.scopes.size, this.city.gridCount);
    this.days = new DayTables(retentionDays, this.scopes.size, this.city.gridCount, this.scopes.districtSlots.length);
    this.tally = new Tally(this.scopes, this.days, this.time, this.changes);
    this.index = new CaseIndex(this.scopes);
    this.updater = new CaseUpdater(this.store, this.tally, this.index, this.queue, this.changes);
    this.reader = new SummaryReader(this.scopes, this.days, this.store, this.reports, this.tally, this.time);
    this.guard = new ReadGuard(this.city, this.scopes, this.time);
    this.items = new CaseItems(this.scopes, this.store, this.reports, this.index, this.events, this.departmentNames.names, this.time);
    const rules = (this.rules = options.evaluationRules ?? DEFAULT_EVALUATION_RULES);
    const source = {
      store: this.store,
      events: this.events,
      reports: this.reports,
      departmentNames: this.departmentNames.names,
      caseAsOf: (n: number, asOf: number, out: DerivedCase, eventsHeld: number) => this.caseAsOf(n, asOf, out, eventsHeld),
      heldFrom: () => options.wholeFrom ?? this.heldFrom(),
      compactions: () => this.compactions,
    };
    this.evaluations = new EvaluationReader(source, this.city, this.scopes, this.guard, this.time, () => rules);
    this.records = new CaseRecords(this.city, this.store, this.events, this.reports, this.departmentNames.names);
    this.updater.passedSince = this.sync();
    this.changes.newDay = false;
  }

  check(event: CaseEventRecord): string | undefined {
    return refusalOf(event, this.city, this.store, this.events, this.time, this.evicted);
  }

  apply(event: CaseEventRecord): void {
    const now = this.sync();
    const n = this.append(event);
    if (n !== NONE) this.refresh(n, now);
  }

  /**
   * Folds events in like apply() one by one, but re-derives a case with several of them once.
   * Keeps no event object: the same one may come back with the next event's fields.
   */
  applyAll(events: Iterable<CaseEventRecord>): void {
    const now = this.sync();
    const touched = new Set<number>();
    for (const event of events) {
      const n = this.append(event);
      if (n !== NONE) touched.add(n);
    }
    for (const n of touched) this.refresh(n, now);
  }

  /**
   * Folds an event in like apply(), except that a case created since beginLoad() is re-derived
   * once, by settleLoad(), instead of after each of its events: for the rebuild, where a case's
   * events lie spread over the log. The state after settleLoad() is the one apply() would give,
   * since a case's state depends only on the set of its events.
   */
  load(event: CaseEventRecord): void {
    const n = this.append(event);
    if (n !== NONE && n < this.loadFrom) this.refresh(n, this.sync());
  }

  /** Starts a bulk load of about `events` events: cases created from now on wait for settleLoad(). */
  beginLoad(events = 0): void {
    // Room made once instead of step by step: each step copies the arrays (a rebuild's largest cost after reading).
    this.events.reserve(this.events.size + events);
    const cases = Math.ceil(events / EVENTS_PER_CASE);
    this.reports.reserve(this.reports.size + cases);
    this.store.reserve(this.store.size + cases);
    this.loadFrom = this.store.size;
    this.settled = this.store.size;
  }

  /** Re-derives up to `limit` cases left by load(); true when none is left (the load is over). */
  settleLoad(limit: number): boolean {
    const now = this.sync();
    const end = Math.min(this.store.size, this.settled + limit);
    for (let n = this.settled; n < end; n += 1) this.refresh(n, now);
    this.settled = end;
    if (end < this.store.size) return false;
    this.loadFrom = Number.POSITIVE_INFINITY;
    return true;
  }

  summary(scope: string, date?: string): Summary {
    const now = this.sync();
    const { level, place } = this.guard.scopeOf(scope);
    return this.reader.summary(scope, level, place, this.guard.dayOf(date, this.days.first, this.todayDay), this.time.iso(now));
  }

  /**
   * Today's summary of a scope listing only the children `children` picks: the live push's
   * deltas carry just the changed ones, and the others are never computed.
   */
  summaryOfChildren(scope: string, children: (code: string) => boolean): Summary {
    const now = this.sync();
    const { level, place } = this.guard.scopeOf(scope);
    return this.reader.summary(scope, level, place, this.todayDay, this.time.iso(now), children);
  }

  grids(scope: string): GridRow[] {
    this.sync();
    const { place } = this.guard.scopeOf(scope);
    return this.reader.gridRows(place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids, this.todayDay);
  }

  cases(scope: string, status: CaseListStatus, limit: number): CaseItem[] {
    const now = this.sync();
    return this.items.cases(this.guard.scopeOf(scope).place, status, clampLimit(limit), this.dueSoonUntil(now));
  }

  /** 红灯 (overdue) and 黄灯 (due within the evaluation's yellow window of working time) of a scope, now. */
  lights(scope: string): { red: number; yellow: number } {
    const now = this.sync();
    return this.items.lights(this.guard.scopeOf(scope).place, this.dueSoonUntil(now));
  }

  /** The cases reported in a scope on a retained day (default today), newest first: the heat map's points. */
  casePoints(scope: string, date: string | undefined, limit: number): CasePoints {
    this.sync();
    const { place } = this.guard.scopeOf(scope);
    const day = this.guard.dayOf(date, this.days.first, this.todayDay);
    const points = this.items.points(place, this.time.dayStart(day), this.time.dayStart(day + 1), clampLimit(limit));
    return { scope, date: this.time.formatDay(day), points };
  }

  recent(scope: string, limit: number): CaseItem[] {
    this.sync();
    const from = this.heldFrom();
    return this.items.recent(this.guard.scopeOf(scope).place, clampLimit(limit), (n) => !(this.store.closedAt(n) < from));
  }

  /** A case held (counted, and not closed before the retained window), as a CaseItem. */
  caseItem(caseId: string): CaseItem | undefined {
    this.sync();
    const n = this.store.numberOf(caseId);
    return n !== undefined && this.store.isCounted(n) && !(this.store.closedAt(n) < this.heldFrom()) ? this.items.item(n) : undefined;
  }

  /**
   * The first instant of the retained window: every case closed at or after it, and every open
   * case, is held; one closed before it is not served and is forgotten by evict(). The evaluation
   * answers periods from here on; the server reads earlier ones from the log (docs/evaluation.md#periods).
   */
  heldFrom(): number {
    this.sync();
    return this.time.dayStart(this.days.first);
  }

  /**
   * Forgets the cases closed before the retained window, once they are at least `minShare` of the
   * cases held (docs/storage.md#bounded-memory): recorded in `evicted` first, then dropped from
   * memory. Nothing while a bulk load is being settled or a checkpoint is being written. Returns
   * how many were forgotten.
   */
  evict(minShare = 0): number {
    if (this.evicted === undefined || this.image !== undefined || this.loadFrom !== Number.POSITIVE_INFINITY) return 0;
    const evicted = this.evicted;
    const parts = { events: this.events, reports: this.reports, store: this.store, index: this.index, queue: this.queue, days: this.days, changes: this.changes };
    const forgotten = evictClosedBefore(parts, this.heldFrom(), minShare, (cases) => evicted.add(cases));
    if (forgotten > 0) this.compactions += 1;
    return forgotten;
  }

  /**
   * The state as it stands, to be written out while the aggregator goes on (its changing rows are
   * kept copy-on-write until the image is released). One at a time.
   */
  checkpoint(): CheckpointImage {
    if (this.image !== undefined) throw new Error('a checkpoint is already being written');
    this.sync();
    const parts = { events: this.events, reports: this.reports, store: this.store, departments: this.departmentNames, days: this.days };
    const image = new CheckpointImage(parts, () => (this.image = undefined));
    this.image = image;
    return image;
  }

  /** Reads a checkpoint's bytes back for adopt(): yields where each next part of them goes, and returns the state. */
  checkpointReader(): Generator<Uint8Array, CheckpointData, void> {
    return readCheckpoint(this.scopes.size * FIELDS);
  }

  /**
   * Takes the state a checkpoint held (replacing any) and derives again what it did not keep: the
   * grid lists, open and recent cases, deadlines to come and live counts; then the clock moves it
   * to now (midnights passed, deadlines passed). The log after the checkpoint is folded in next.
   */
  adopt(data: CheckpointData): void {
    const { events, reports, store } = this;
    Object.assign(events, data.events);
    const { reporters, descriptions, ...rows } = data.reports;
    Object.assign(reports, rows);
    reports.reporters.restore(reporters);
    reports.descriptions = descriptions;
    this.departmentNames.restore(data.departments);
    store.restore(data.cases.ids, data.cases.table, data.cases.rows);
    this.days.restore(data.days);
    this.todayDay = Number.NaN;
    this.todayStart = Number.NaN;
    this.nextMidnight = Number.NaN;
    reindexCases(store, this.index, this.queue, this.tally);
    this.earliest = Number.POSITIVE_INFINITY;
    for (let e = 0; e < events.size; e += 1) if (events.at[e] < this.earliest) this.earliest = events.at[e];
    this.changes.clear();
    this.updater.passedSince = this.sync();
    this.changes.newDay = false;
  }

  /** Where and when a counted case was reported: what the surge alerts count, without building its whole item. */
  reportOf(caseId: string): CaseReport | undefined {
    const { store, city } = this;
    const n = store.numberOf(caseId);
    return n !== undefined && store.isCounted(n) ? { caseId, gridCode: city.gridCodeAt(store.gridOf(n)), reportedAt: store.time(n, T_REPORTED) } : undefined;
  }

  /** The evaluation of a scope for a period of city days as of a cut-off (default now), with children, 环比 and 同比. */
  evaluation(scope: string, period: Period, asOf?: number): Evaluation {
    return allAtOnce(this.evaluationSteps(scope, period, asOf));
  }

  /**
   * evaluation() as a generator that yields every few hundred cases, so that a caller can spread
   * it over the event loop: events applied meanwhile are not in it (the answer is that of its first
   * step, docs/evaluation.md#definitions).
   */
  *evaluationSteps(scope: string, period: Period, asOf?: number): Generator<void, Evaluation> {
    return yield* this.evaluations.evaluation(scope, period, this.cutOff(asOf));
  }

  /** A wall's 考核 panel: this month so far, its children ranked, and the lights of now. */
  wallEvaluation(scope: string): WallEvaluation {
    return { ...this.monthEvaluation(scope, this.sync()), lights: this.lights(scope) };
  }

  /** The 考核 panel's figures: the month of `asOf` up to it, the children ranked. */
  monthEvaluation(scope: string, asOf: number): Omit<WallEvaluation, 'lights'> {
    this.sync();
    const month = this.monthOf(asOf);
    const { children, ...figures } = allAtOnce(this.evaluations.rankedScope(scope, month, this.cutOff(asOf)));
    return {
      period: month,
      asOf: this.time.iso(asOf),
      figures,
      children: children.map(({ code, name, score, grade, due, closureRate, onTimeClosureRate }) => ({ code, name, score, grade, due, closureRate, onTimeClosureRate })),
    };
  }

  /** The city month that holds an instant, as a period. */
  monthOf(instant: number): Period {
    return parsePeriod(this.time.formatDay(this.time.dayOf(instant)).slice(0, 7)) as Period;
  }

  /** The evaluation per department of a scope's cases, best score first. */
  departmentEvaluation(scope: string, period: Period, asOf?: number): DepartmentEvaluations {
    return allAtOnce(this.departmentEvaluationSteps(scope, period, asOf));
  }

  /** departmentEvaluation() as a generator, like evaluationSteps(). */
  *departmentEvaluationSteps(scope: string, period: Period, asOf?: number): Generator<void, DepartmentEvaluations> {
    return yield* this.evaluations.departments(scope, period, this.cutOff(asOf));
  }

  /** Per reporter (定人) of a scope's cases reported in a period. */
  reporterEvaluation(scope: string, period: Period, asOf?: number): ReporterRows {
    return allAtOnce(this.reporterEvaluationSteps(scope, period, asOf));
  }

  /** reporterEvaluation() as a generator, like evaluationSteps(). */
  *reporterEvaluationSteps(scope: string, period: Period, asOf?: number): Generator<void, ReporterRows> {
    return yield* this.evaluations.reporters(scope, period, this.cutOff(asOf));
  }

  /** A special topic of a scope on a retained day (default today): a category family and its sub-items. */
  topic(scope: string, family: string, date?: string): Topic {
    this.sync();
    const { place } = this.guard.scopeOf(scope);
    if (!isFamily(family)) throw new CoreError('unknown-category', `"${family}" is not a major category of the catalogue (e.g. E.06)`);
    const day = this.guard.dayOf(date, this.days.first, this.todayDay);
    const grids = place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids;
    const items = scanTopic(this.store, this.reports, grids, family, this.time.dayStart(day), this.time.dayStart(day + 1));
    const sum = (key: 'reported' | 'dispatched' | 'handled') => items.reduce((n, item) => n + item[key], 0);
    const dispatched = sum('dispatched');
    const handled = sum('handled');
    return { scope, date: this.time.formatDay(day), family, reported: sum('reported'), dispatched, handled, handlingRate: dispatched === 0 ? null : handled / dispatched, items };
  }

  /** Per department, the cases of a scope (default the city) dispatched on a retained day (default today). */
  departments(date?: string, scope = 'city'): DepartmentRow[] {
    this.sync();
    const { place } = this.guard.scopeOf(scope);
    const day = this.guard.dayOf(date, this.days.first, this.todayDay);
    const names = this.departmentNames.names;
    if (place.kind === 'slot' && place.slot === CITY_SLOT) return departmentRows(this.days.get(day)?.departments ?? new Int32Array(0), names);
    const grids = place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids;
    return departmentRows(scanDepartments(this.store, grids, this.time.dayStart(day), this.time.dayStart(day + 1)), names);
  }

  today(): string {
    this.sync();
    return this.time.formatDay(this.todayDay);
  }

  retained(): { first: string; last: string } {
    this.sync();
    return { first: this.time.formatDay(this.days.first), last: this.time.formatDay(this.todayDay) };
  }

  advance(): void {
    this.sync();
    const pending = this.tally.liveScopes[0] - this.tally.liveScopes[1];
    if (this.queue.size > 2 * pending + 65_536) this.queue.compact((deadline, n) => this.isPending(n, deadline));
  }

  drainChanges(): AggregatorChanges {
    const now = this.sync();
    const { changes, scopes, city, store } = this;
    const changedGrids = changes.gridFigures.values();
    const communities = new Set(changedGrids.map((grid) => scopes.communityOfGrid[grid]));
    const drained: AggregatorChanges = {
      scopes: [
        ...changes.scopes.values().map((slot) => scopes.codes[slot]),
        ...[...communities].map((community) => scopes.communityCodes[community]),
        ...changedGrids.map((grid) => city.gridCodeAt(grid)),
      ],
      grids: changes.gridRows.values().map((grid) => city.gridCodeAt(grid)),
      cases: changes.cases().map((n) => store.caseIds[n]),
      overdue: changes.passed.map((n) => store.caseIds[n]),
      newDay: changes.newDay,
    };
    changes.clear();
    this.updater.passedSince = now;
    return drained;
  }

  /**
   * The past rebuilt (docs/replay.md#how-the-past-is-rebuilt): a fresh aggregator whose clock is
   * `clock` (starting at `instant`), fed only the events at or before `instant` of every case that
   * the figures of that instant's day and its live values can depend on — every case not closed
   * before that day — and of the cases reported within `history` before it. For that day it shows
   * exactly what a server fed only the events at or before `instant` would. A generator: it yields
   * every few thousand cases, so a caller can spread the work over the event loop; cases
   * renumbered meanwhile by evict() make it start again.
   */
  *replicaAt(instant: number, history: number, clock: () => number): Generator<void, Aggregator> {
    for (;;) {
      const compactions = this.compactions;
      const replica = yield* this.replicaOnce(instant, history, clock);
      if (this.compactions === compactions) return replica;
    }
  }

  private *replicaOnce(instant: number, history: number, clock: () => number): Generator<void, Aggregator> {
    const keepFrom = this.replicaKeepFrom(instant, history);
    const replica = this.blank(clock);
    const { store, records } = this;
    replica.beginLoad();
    for (let n = 0; n < store.size; n += 1) {
      if (n % 4096 === 4095) yield;
      if (records.firstAt(n) > instant || records.closedAt(n) < keepFrom) continue;
      records.forEach(n, instant, (record) => replica.load(record));
    }
    while (!replica.settleLoad(4096)) yield;
    replica.drainChanges();
    return replica;
  }

  /**
   * The instant from which a replica of `instant` (with `history` before it) holds the cases:
   * every case not closed or cancelled before it. Memory can rebuild the replica when this is not
   * before heldFrom(); the log otherwise.
   */
  replicaKeepFrom(instant: number, history: number): number {
    return Math.min(this.time.dayStart(this.time.dayOf(instant)), instant - history);
  }

  /**
   * A fresh, empty aggregator of the same city and settings, with its own clock: a replica of the
   * past (retaining one day), or with `wholeFrom` one fed the cases of past periods for their
   * evaluation.
   */
  blank(clock: () => number, wholeFrom?: number): Aggregator {
    return new Aggregator({ city: this.city, zone: this.time.zone, retentionDays: 1, officeHours: this.officeHours, now: clock, evaluationRules: this.rules, wholeFrom });
  }

  /** The time of the earliest event held (+∞ for none). */
  firstEventAt(): number {
    return this.earliest;
  }

  /** What an evaluation of `period` reads ([from, to) of its cohort's registrations): the period, its 环比 and its 同比. */
  evaluationRanges(period: Period): Array<[number, number]> {
    return this.evaluations.ranges(period);
  }

  /**
   * Every event with its time in (from, to], in time order (but those of cases closed by `from`):
   * what a replay applies as its clock moves. A generator, like replicaAt.
   */
  *eventsBetween(from: number, to: number): Generator<void, CaseEventRecord[]> {
    for (;;) {
      const compactions = this.compactions;
      const found = yield* this.records.between(from, to);
      if (this.compactions === compactions) return found;
    }
  }

  /** Cases reported at or after `from` (epoch ms), any order: the live surge baseline after a rebuild. */
  reportedSince(from: number): CaseReport[] {
    const { store, city } = this;
    const found: CaseReport[] = [];
    for (let n = 0; n < store.size; n += 1) {
      const reportedAt = store.time(n, T_REPORTED);
      if (store.isCounted(n) && reportedAt >= from) found.push({ caseId: store.caseIds[n], gridCode: city.gridCodeAt(store.gridOf(n)), reportedAt });
    }
    return found;
  }

  stats(): { cases: number; held: number; events: number } {
    return { cases: this.store.size - this.store.held, held: this.store.held, events: this.events.size };
  }

  /**
   * Stores an event in its case's list; the case's number, or NONE for an event the core cannot
   * place, or whose case was forgotten (closed before the retained window: whatever such an event
   * says falls in days no longer retained).
   */
  private append(event: CaseEventRecord): number {
    const type = TYPE_CODE[event.type];
    if (type === undefined || !Number.isFinite(event.at)) return NONE;
    const grid = type === REPORTED ? gridOfEvent(this.city, event) : NONE;
    if (grid === undefined) return NONE;
    let n = this.store.numberOf(event.caseId);
    if (n === undefined && this.evicted !== undefined) {
      const gone = this.evicted.find(event.caseId);
      if (gone !== undefined) {
        this.amendEvicted(gone, type, event.at, event.deadline);
        return NONE;
      }
    }
    let aux = NONE;
    if (type === REPORTED) {
      const source = event.source === undefined ? 0 : (SOURCE_CODE[event.source] ?? 0);
      const deadline = event.deadline !== undefined && Number.isFinite(event.deadline) ? event.deadline : Number.NaN;
      aux = this.reports.add(grid, minorIndex(event.category), source, event.lng ?? Number.NaN, event.lat ?? Number.NaN, deadline, event.description, event.reporter);
    } else if ((type === REGISTERED || type === EXTENDED) && event.deadline !== undefined && Number.isFinite(event.deadline)) {
      aux = this.events.addDeadline(event.deadline);
    } else if ((type === DISPATCHED || type === RETURNED) && event.department) {
      aux = this.departmentNames.intern(event.department);
    }
    n ??= this.store.create(event.caseId);
    this.store.setHead(n, this.events.add(event.at, type, aux, this.store.head[n]));
    if (event.at < this.earliest) this.earliest = event.at;
    return n;
  }

  /**
   * What an event accepted for a forgotten case changes of what its later events are judged by
   * (docs/storage.md#bounded-memory): an earlier closure, or an extension (once extended, a case's
   * later extensions are not refused, as for a case held).
   */
  private amendEvicted(gone: EvictedCase, type: number, at: number, deadline: number | undefined): void {
    if ((type === CLOSED || type === CANCELLED) && (at < gone.closedAt || (at === gone.closedAt && type < gone.closure))) {
      this.evicted?.add([{ ...gone, closedAt: at, closure: type }]);
    } else if (type === EXTENDED && deadline !== undefined && deadline > gone.deadline) {
      this.evicted?.add([{ ...gone, deadline: Number.NaN }]);
    }
  }

  /** The end of the yellow window: `yellowWorkHours` of working time from now. */
  private dueSoonUntil(now: number): number {
    return this.calendar.addWorkHours(now, this.rules.yellowWorkHours);
  }

  /** A cut-off no later than now (a later one would call cases late that may not be). */
  private cutOff(asOf: number | undefined): number {
    const now = this.sync();
    if (asOf === undefined) return now;
    if (!Number.isFinite(asOf) || asOf > now) throw new CoreError('bad-cut-off', `asOf must be an instant no later than now (${this.time.iso(now)})`);
    return asOf;
  }

  /** Re-derives case n from its events and moves its contribution to the new state. */
  private refresh(n: number, now: number): void {
    const { prev, next, store } = this;
    store.load(n, prev);
    deriveCase(this.events, this.reports, this.departmentNames.names, store.head[n], next);
    this.complete(prev, next, now);
    this.updater.update(n, prev, next);
  }

  /**
   * Case n as it stood at `asOf`: derived from its events at or before it (the evaluation's
   * cut-offs), of the first `eventsHeld` of the pool.
   */
  private caseAsOf(n: number, asOf: number, out: DerivedCase, eventsHeld: number): void {
    deriveCase(this.events, this.reports, this.departmentNames.names, this.events.headWhen(this.store.head[n], eventsHeld), out, asOf);
    this.complete(NOTHING_KNOWN, out, asOf);
  }

  /** What a derived case needs beyond its events: its deadline, overdue flag (at `now`) and department. */
  private complete(prev: DerivedCase, next: DerivedCase, now: number): void {
    const base = this.deadlineOf(prev, next);
    resolveExtensions(next, base);
    next.times[T_DEADLINE] = !Number.isNaN(next.extendedDeadline) ? next.extendedDeadline : base;
    // A suspended case (挂账) is not overdue while it stays suspended.
    next.overdue = next.open && !next.suspended && next.times[T_DEADLINE] < now;
    next.department = this.departmentNames.of(next);
  }

  /** Explicit override, else registration + the category's limit; none without registration. */
  private deadlineOf(prev: DerivedCase, next: DerivedCase): number {
    const registeredAt = next.times[T_REGISTERED];
    if (!next.counted || Number.isNaN(registeredAt)) return Number.NaN;
    if (!Number.isNaN(next.explicitDeadline)) return next.explicitDeadline;
    if (next.category === NONE) return Number.NaN;
    const known = prev.times[T_DEADLINE];
    const unchanged = prev.counted && prev.times[T_REGISTERED] === registeredAt && prev.category === next.category;
    if (unchanged && Number.isNaN(prev.explicitDeadline) && Number.isNaN(prev.extendedDeadline) && !Number.isNaN(known)) return known;
    return deadlineAfter(MINOR_CATEGORIES[next.category].limit, registeredAt, this.calendar);
  }

  private isPending(n: number, deadline: number): boolean {
    const store = this.store;
    return store.isCounted(n) && !store.isOverdue(n) && store.time(n, T_DEADLINE) === deadline && this.items.isOpen(n);
  }

  /** Rolls the day at local midnight and turns cases whose deadline has passed overdue. */
  private sync(): number {
    const now = this.now();
    if (!(now >= this.todayStart && now < this.nextMidnight)) {
      const day = this.time.dayOf(now);
      if (day !== this.todayDay) this.changes.newDay = true;
      this.todayDay = day;
      this.todayStart = this.time.dayStart(day);
      this.nextMidnight = this.time.dayStart(day + 1);
      this.days.setToday(day);
      this.tally.today = day;
    }
    while (this.queue.peekDeadline() < now) {
      const n = this.queue.peekCase();
      const deadline = this.queue.peekDeadline();
      this.queue.pop();
      if (this.isPending(n, deadline)) this.refresh(n, now);
    }
    return now;
  }
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.min(MAX_LIST, Math.max(0, Math.floor(limit))) : 0;
}
