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
import { DerivedCase } from './case-state';
import type { CityIndex } from './city-index';
import { CoreError } from './core-error';
import { EvaluationTally, addCase, figuresOf, reporterRows, returnersOf, runCohort, type CohortPass, type EvaluationSource } from './evaluation';
import type { LocalTime } from './local-time';
import type { ReadGuard } from './read-guard';
import { CITY_SLOT, type Place, type ScopeIndex } from './scope-index';

type Candidates = CohortPass['candidates'];

/** Best score first, ties by name or code. */
const byScore = <T extends EvaluationFigures>(key: (row: T) => string) => (a: T, b: T) =>
  b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Answers the evaluation's reads (docs/evaluation.md): a scope's figures for a period as of a
 * cut-off, with its children ranked, 环比 and 同比; the same per department; and per reporter.
 * Each is one pass over the scope's cases, reading most of them from the store as they are.
 */
export class EvaluationReader {
  private readonly scratch = new DerivedCase();

  constructor(
    private readonly source: EvaluationSource & { readonly departmentNames: readonly string[] },
    private readonly city: CityIndex,
    private readonly scopes: ScopeIndex,
    private readonly guard: ReadGuard,
    private readonly time: LocalTime,
    private readonly rules: () => EvaluationRules,
  ) {}

  evaluation(scope: string, period: Period, asOf: number): Evaluation {
    const { level, place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const candidates = this.candidatesOf(place);
    return {
      scope,
      level,
      name: scope === 'city' ? this.city.name : (this.city.nameOf(scope) ?? scope),
      period,
      asOf: this.time.iso(asOf),
      ...this.ranked(scope, candidates, period, asOf),
      previous: this.compared(candidates, previousPeriod(period), this.relativeCutOff(period, previousPeriod(period), asOf)),
      lastYear: this.compared(candidates, lastYearPeriod(period), this.yearBefore(asOf)),
    };
  }

  /** A scope's figures and its children's, ranked: one pass over its cases. */
  ranked(scope: string, candidates: Candidates, period: Period, asOf: number): EvaluationFigures & { children: EvaluationChild[] } {
    const children = this.city.childrenOf(scope);
    const childOfGrid = this.childIndex(children);
    const self = new EvaluationTally();
    const tallies = children.map(() => new EvaluationTally());
    const store = this.source.store;
    this.pass(candidates, period, asOf, (n, state) => {
      addCase(self, state, asOf);
      const child = childOfGrid[store.gridOf(n)];
      if (child >= 0) addCase(tallies[child], state, asOf);
    }, (n) => {
      self.cancelled += 1;
      const child = childOfGrid[store.gridOf(n)];
      if (child >= 0) tallies[child].cancelled += 1;
    });
    const rules = this.rules();
    const ranked: EvaluationChild[] = children
      .map((code, i) => ({ code, name: this.city.nameOf(code) ?? code, level: this.city.levelOf(code) ?? 'grid', ...figuresOf(tallies[i], rules) }))
      .sort(byScore((row) => row.code));
    return { ...figuresOf(self, rules), children: ranked };
  }

  /** The scope's cases to consider, for `ranked`. */
  candidatesOfScope(scope: string): Candidates {
    return this.candidatesOf(this.guard.scopeOf(scope).place);
  }

  departments(scope: string, period: Period, asOf: number): DepartmentEvaluations {
    const { place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const tallies = new Map<number, EvaluationTally>();
    const tallyOf = (department: number) => {
      let tally = tallies.get(department);
      if (!tally) tallies.set(department, (tally = new EvaluationTally()));
      return tally;
    };
    const returners = new Set<number>();
    this.pass(this.candidatesOf(place), period, asOf, (n, state) => {
      if (state.department < 0) return;
      const own = tallyOf(state.department);
      addCase(own, state, asOf);
      if (!state.returned || state.suspended) return;
      // A return is counted against the department that returned, not the one now responsible.
      own.returned -= 1;
      for (const department of returnersOf(this.source, n, asOf, state.department, returners)) tallyOf(department).returned += 1;
    }, (_n, state) => {
      if (state.department >= 0) tallyOf(state.department).cancelled += 1;
    });
    const rules = this.rules();
    const names = this.source.departmentNames;
    const rows = [...tallies].map(([department, tally]) => ({ department: names[department], ...figuresOf(tally, rules) }));
    return { scope, period, asOf: this.time.iso(asOf), rows: rows.sort(byScore((row) => row.department)) };
  }

  reporters(scope: string, period: Period, asOf: number): ReporterRows {
    const { place } = this.guard.scopeOf(scope);
    this.assertHeld(period);
    const [from, to] = this.bounds(period);
    return { scope, period, asOf: this.time.iso(asOf), rows: reporterRows(this.source, this.candidatesOf(place), from, to, asOf) };
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
  private compared(candidates: Candidates, period: Period, asOf: number): Evaluation['previous'] {
    if (this.bounds(period)[0] < this.source.heldFrom()) return null;
    const tally = new EvaluationTally();
    this.pass(candidates, period, asOf, (_n, state) => addCase(tally, state, asOf), () => (tally.cancelled += 1));
    return { period, asOf: this.time.iso(asOf), ...figuresOf(tally, this.rules()) };
  }

  private pass(
    candidates: Candidates,
    period: Period,
    asOf: number,
    cohort: (n: number, state: DerivedCase) => void,
    cancelled: (n: number, state: DerivedCase) => void,
  ): void {
    const [from, to] = this.bounds(period);
    runCohort(this.source, { candidates, from, to, asOf, cohort, cancelled }, this.scratch);
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
   * Every case held for the city (one pass over the store); a scope's grids' cases otherwise. A
   * case closed before the retained window is left out whether or not it is still in memory, so
   * that no answer depends on when evict() last ran.
   */
  private candidatesOf(place: Place): Candidates {
    const store = this.source.store;
    const from = this.source.heldFrom();
    if (place.kind === 'slot' && place.slot === CITY_SLOT) {
      return (visit) => {
        for (let n = 0; n < store.size; n += 1) if (!(store.closedAt(n) < from)) visit(n);
      };
    }
    const grids = place.kind === 'slot' ? this.scopes.gridsOf(place.slot) : place.grids;
    return (visit) => {
      for (const grid of grids) for (let n = store.gridHead[grid]; n >= 0; n = store.gridNext[n]) if (!(store.closedAt(n) < from)) visit(n);
    };
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
