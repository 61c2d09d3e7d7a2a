import { DateTime } from 'luxon';
import {
  lastYearPeriod,
  previousPeriod,
  type DepartmentEvaluations,
  type Evaluation,
  type EvaluationChild,
  type EvaluationFigures,
  type EvaluationRules,
  type Period,
  type ReporterRows,
} from '../../contract';
import type { DerivedCase } from './case-state';
import { CasesAtStart, type Candidates } from './cases-at-start';
import type { CityIndex } from './city-index';
import { CoreError } from './core-error';
import { EvaluationTally, addCase, figuresOf, reporterRows, returnersOf, runCohort, type EvaluationSource } from './evaluation';
import type { LocalTime } from './local-time';
import type { ReadGuard } from './read-guard';
import { CITY_SLOT, type Place, type ScopeIndex } from './scope-index';
import { grownCapacity, resized } from './typed-growth';

/** Best score first, ties by name or code. */
const byScore = <T extends EvaluationFigures>(key: (row: T) => string) => (a: T, b: T) =>
  b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Answers the evaluation's reads (docs/evaluation.md): a scope's figures for a period as of a
 * cut-off, with its children ranked, 环比 and 同比; the same per department; and per reporter.
 * Each is a pass over the scope's cases as they stood when it began (CasesAtStart), reading most
 * of them from the store as they are; a generator, so that a caller can spread the pass over the
 * event loop while the cases go on changing.
 */
export class EvaluationReader {
  constructor(
    private readonly source: EvaluationSource & { readonly departmentNames: readonly string[] },
    private readonly city: CityIndex,
    private readonly scopes: ScopeIndex,
    private readonly guard: ReadGuard,
    private readonly time: LocalTime,
    private readonly rules: () => EvaluationRules,
  ) {}

  *evaluation(scope: string, period: Period, asOf: number): Generator<void, Evaluation> {
    const { level, place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const figures = yield* this.atStart(place, (cases, candidates) => this.withComparisons(cases, scope, candidates, period, asOf));
    return { scope, level, name: scope === 'city' ? this.city.name : (this.city.nameOf(scope) ?? scope), period, asOf: this.time.iso(asOf), ...figures };
  }

  /** A scope's figures for a period and its children's, ranked (the wall's 考核 panel). */
  *rankedScope(scope: string, period: Period, asOf: number): Generator<void, EvaluationFigures & { children: EvaluationChild[] }> {
    const { place } = this.guard.scopeOf(scope);
    return yield* this.atStart(place, (cases, candidates) => this.ranked(cases, scope, candidates, period, asOf));
  }

  private *withComparisons(cases: CasesAtStart, scope: string, candidates: Candidates, period: Period, asOf: number): Generator<void, Omit<Evaluation, 'scope' | 'level' | 'name' | 'period' | 'asOf'>> {
    const ranked = yield* this.ranked(cases, scope, candidates, period, asOf);
    const previous = yield* this.compared(cases, candidates, previousPeriod(period), this.relativeCutOff(period, previousPeriod(period), asOf));
    const lastYear = yield* this.compared(cases, candidates, lastYearPeriod(period), this.yearBefore(asOf));
    return { ...ranked, previous, lastYear };
  }

  /** A scope's figures and its children's, ranked: one pass over its cases. */
  private *ranked(cases: CasesAtStart, scope: string, candidates: Candidates, period: Period, asOf: number): Generator<void, EvaluationFigures & { children: EvaluationChild[] }> {
    const children = this.city.childrenOf(scope);
    const childOfGrid = this.childIndex(children);
    const self = new EvaluationTally();
    const tallies = children.map(() => new EvaluationTally());
    yield* this.pass(cases, candidates, period, asOf, (n, state) => {
      addCase(self, state, asOf);
      const child = childOfGrid[cases.gridOf(n)];
      if (child >= 0) addCase(tallies[child], state, asOf);
    }, (n) => {
      self.cancelled += 1;
      const child = childOfGrid[cases.gridOf(n)];
      if (child >= 0) tallies[child].cancelled += 1;
    });
    const rules = this.rules();
    const ranked: EvaluationChild[] = children
      .map((code, i) => ({ code, name: this.city.nameOf(code) ?? code, level: this.city.levelOf(code) ?? 'grid', ...figuresOf(tallies[i], rules) }))
      .sort(byScore((row) => row.code));
    return { ...figuresOf(self, rules), children: ranked };
  }

  *departments(scope: string, period: Period, asOf: number): Generator<void, DepartmentEvaluations> {
    const { place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const tallies = yield* this.atStart(place, (cases, candidates) => this.departmentTallies(cases, candidates, period, asOf));
    const rules = this.rules();
    const names = this.source.departmentNames;
    const rows = [...tallies].map(([department, tally]) => ({ department: names[department], ...figuresOf(tally, rules) }));
    return { scope, period, asOf: this.time.iso(asOf), rows: rows.sort(byScore((row) => row.department)) };
  }

  /** The tallies of a pass per department. */
  private *departmentTallies(cases: CasesAtStart, candidates: Candidates, period: Period, asOf: number): Generator<void, Map<number, EvaluationTally>> {
    const tallies = new Map<number, EvaluationTally>();
    const tallyOf = (department: number) => {
      let tally = tallies.get(department);
      if (!tally) tallies.set(department, (tally = new EvaluationTally()));
      return tally;
    };
    const returners = new Set<number>();
    yield* this.pass(cases, candidates, period, asOf, (n, state) => {
      if (state.department < 0) return;
      const own = tallyOf(state.department);
      addCase(own, state, asOf);
      if (!state.returned || state.suspended) return;
      // A return is counted against the department that returned, not the one now responsible.
      own.returned -= 1;
      for (const department of returnersOf(cases, this.source.events, n, asOf, state.department, returners)) tallyOf(department).returned += 1;
    }, (_n, state) => {
      if (state.department >= 0) tallyOf(state.department).cancelled += 1;
    });
    return tallies;
  }

  *reporters(scope: string, period: Period, asOf: number): Generator<void, ReporterRows> {
    const { place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const [from, to] = this.bounds(period);
    const rows = yield* this.atStart(place, (cases, candidates) => reporterRows(cases, this.source, candidates, from, to, asOf));
    return { scope, period, asOf: this.time.iso(asOf), rows };
  }

  /** The [from, to) of a period, its 环比 and its 同比: the registrations an evaluation of it reads. */
  ranges(period: Period): Array<[number, number]> {
    return [period, previousPeriod(period), lastYearPeriod(period)].map((p) => this.bounds(p));
  }

  /** [from, to) of a period's city days, epoch ms. */
  bounds(period: Period): [number, number] {
    const first = this.time.parseDay(period.from) ?? 0;
    const last = this.time.parseDay(period.to) ?? 0;
    return [this.time.dayStart(first), this.time.dayStart(last + 1)];
  }

  /**
   * A period that starts before the retained window is not answered: its cohort may hold cases
   * closed before the window, which are no longer held (docs/evaluation.md#periods).
   */
  private assertHeld(period: Period): void {
    const from = this.source.heldFrom();
    if (this.bounds(period)[0] < from) {
      throw new CoreError('out-of-retention', `period ${period.label} starts before the retained window, which begins ${this.time.formatDay(this.time.dayOf(from))} (ONESCREEN_RETENTION_DAYS); the evaluation answers periods within it`);
    }
  }

  /** 环比 or 同比, or null when that period starts before the retained window. */
  private *compared(cases: CasesAtStart, candidates: Candidates, period: Period, asOf: number): Generator<void, Evaluation['previous']> {
    if (this.bounds(period)[0] < cases.heldFrom) return null;
    const tally = new EvaluationTally();
    yield* this.pass(cases, candidates, period, asOf, (_n, state) => addCase(tally, state, asOf), () => (tally.cancelled += 1));
    return { period, asOf: this.time.iso(asOf), ...figuresOf(tally, this.rules()) };
  }

  private *pass(
    cases: CasesAtStart,
    candidates: Candidates,
    period: Period,
    asOf: number,
    cohort: (n: number, state: DerivedCase) => void,
    cancelled: (n: number, state: DerivedCase) => void,
  ): Generator<void, void> {
    const [from, to] = this.bounds(period);
    yield* runCohort(cases, this.source.store, { candidates, from, to, asOf, cohort, cancelled });
  }

  /**
   * Runs `read` over a place's cases as they stand now (CasesAtStart), and again from the start
   * when a compaction renumbered them meanwhile.
   */
  private *atStart<T>(place: Place, read: (cases: CasesAtStart, candidates: Candidates) => Generator<void, T>): Generator<void, T> {
    for (;;) {
      const cases = new CasesAtStart(this.source);
      const value = yield* read(cases, this.candidatesOf(place, cases));
      if (!cases.stale) return value;
    }
  }

  /** The cut-off as far into `other` as `asOf` is into `period` (环比). */
  private relativeCutOff(period: Period, other: Period, asOf: number): number {
    return this.bounds(other)[0] + (asOf - this.bounds(period)[0]);
  }

  /** The same wall-clock instant a year before (同比). */
  private yearBefore(asOf: number): number {
    return DateTime.fromMillis(asOf, { zone: this.time.zone }).minus({ years: 1 }).toMillis();
  }

  /**
   * Every case of then for the city; a scope's grids' cases otherwise, listed now (the grid lists
   * change as cases do, so a pass in slices cannot follow them). A case closed before the retained
   * window is left out by the pass (CasesAtStart.each) whether or not it is still in memory, so that
   * no answer depends on when evict() last ran.
   */
  private candidatesOf(place: Place, cases: CasesAtStart): Candidates {
    if (place.kind === 'slot' && place.slot === CITY_SLOT) return cases.cases;
    const store = this.source.store;
    const grids = place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids;
    let listed = new Int32Array(1024);
    let count = 0;
    for (const grid of grids) {
      for (let n = store.gridHead[grid]; n >= 0; n = store.gridNext[n]) {
        if (count === listed.length) listed = resized(listed, grownCapacity(count, count + 1));
        listed[count++] = n;
      }
    }
    return listed.subarray(0, count);
  }

  /** The child (by its position among `children`) each grid of the scope lies in. */
  private childIndex(children: readonly string[]): Int32Array {
    const index = new Int32Array(this.city.gridCount).fill(-1);
    children.forEach((code, i) => {
      const place = this.scopes.placeOf(code);
      if (!place) return;
      for (const grid of place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids) index[grid] = i;
    });
    return index;
  }
}
