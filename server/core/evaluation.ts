import {
  INVERTED_RATES,
  SCORED_RATES,
  gradeOf,
  type EvaluationFigures,
  type EvaluationRules,
  type ReporterRow,
} from '../../contract';
import { DerivedCase, T_CANCELLED, T_CLOSED, T_DEADLINE, T_DISPATCHED, T_HANDLED, T_REGISTERED, T_REPORTED, T_UPDATED } from './case-state';
import type { Candidates, CasesAtStart } from './cases-at-start';
import type { CaseStore } from './case-store';
import { RETURNED } from './catalogue';
import { NONE, type EventPool, type ReportedPool } from './event-pool';

/** Counts of one group of cases (a scope, a child, a department) toward its evaluation figures. */
export class EvaluationTally {
  registered = 0;
  cancelled = 0;
  suspended = 0;
  due = 0;
  closed = 0;
  closedOnTime = 0;
  dueForHandling = 0;
  handled = 0;
  handledOnTime = 0;
  reworked = 0;
  extended = 0;
  returned = 0;
  urged = 0;
  overdueOpen = 0;
}

/**
 * Adds one cohort case, as it stood at the cut-off, to a tally by the definitions of
 * docs/evaluation.md#definitions.
 */
export function addCase(tally: EvaluationTally, state: DerivedCase, asOf: number): void {
  const t = state.times;
  tally.registered += 1;
  if (state.suspended) {
    tally.suspended += 1;
    return;
  }
  const closed = !Number.isNaN(t[T_CLOSED]);
  const deadline = t[T_DEADLINE];
  const done = state.handledStands || closed;
  const late = deadline < asOf;
  if (done || late) {
    tally.due += 1;
    if (closed) {
      tally.closed += 1;
      // The accepted handling: the last one before the closure, or the closure when none was recorded.
      const accepted = Number.isNaN(t[T_HANDLED]) ? t[T_CLOSED] : t[T_HANDLED];
      if (accepted <= deadline) tally.closedOnTime += 1;
    }
    if (!done) tally.overdueOpen += 1;
    if (!Number.isNaN(t[T_DISPATCHED])) {
      tally.dueForHandling += 1;
      if (done) {
        tally.handled += 1;
        const standing = state.handledStands ? t[T_HANDLED] : t[T_CLOSED];
        if (standing <= deadline) tally.handledOnTime += 1;
      }
    }
  }
  if (state.reworked) tally.reworked += 1;
  if (!Number.isNaN(state.extendedDeadline)) tally.extended += 1;
  if (state.returned) tally.returned += 1;
  if (state.urged) tally.urged += 1;
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The figures of a tally: its rates, 综合指标值 and grade under a city's rules. */
export function figuresOf(tally: EvaluationTally, rules: EvaluationRules): EvaluationFigures {
  const reworkBase = rules.reworkDenominator === 'due' ? tally.due : rules.reworkDenominator === 'handled' ? tally.handled : tally.registered - tally.suspended;
  const rates = {
    closureRate: rate(tally.closed, tally.due),
    onTimeClosureRate: rate(tally.closedOnTime, tally.due),
    handlingRate: rate(tally.handled, tally.dueForHandling),
    onTimeHandlingRate: rate(tally.handledOnTime, tally.dueForHandling),
    reworkRate: rate(tally.reworked, reworkBase),
    extensionRate: rate(tally.extended, tally.dueForHandling),
  };
  let score = 0;
  for (const name of SCORED_RATES) {
    const weight = rules.weights[name] ?? 0;
    const value = rates[name];
    // A rate without cases counts as its best value: no case can have been judged badly.
    const goodness = value === null ? 1 : INVERTED_RATES.has(name) ? 1 - value : value;
    score += weight * goodness;
  }
  score = Math.round(score * 10) / 10;
  return { ...tally, ...rates, score, grade: gradeOf(score) };
}

/** What the evaluation reads of the aggregator: its stores and the state of a case at a cut-off. */
export interface EvaluationSource {
  readonly store: CaseStore;
  readonly events: EventPool;
  readonly reports: ReportedPool;
  /**
   * Case n as it stood at `asOf`: the events at or before it, the deadline and department they
   * give; of its events, only the first `eventsHeld` of the pool count (CasesAtStart).
   */
  caseAsOf(n: number, asOf: number, out: DerivedCase, eventsHeld: number): void;
  /** The first instant of the retained window: a case closed before it is no longer held (Aggregator.heldFrom). */
  heldFrom(): number;
  /** How many times evict() renumbered the cases and events. */
  compactions(): number;
}

/** A cohort pass: which cases, which groups each belongs to. */
export interface CohortPass {
  /** Cases to consider: every case number, or those of some grids. */
  candidates: Candidates;
  /** [from, to) of the period, epoch ms; the cut-off. */
  from: number;
  to: number;
  asOf: number;
  /** Called for each cohort case as it stood at the cut-off. */
  cohort(n: number, state: DerivedCase): void;
  /** Called for each case registered in the period and cancelled by the cut-off. */
  cancelled(n: number, state: DerivedCase): void;
}

/**
 * Runs a cohort pass over the cases as they stood when the evaluation began: the cases registered
 * in [from, to) by the cut-off, each as it stood then. A case none of whose events is later than
 * the cut-off, and none came to since the evaluation began, is read from the store as it is; the
 * others are derived again from their events up to the cut-off. A generator that yields every few
 * hundred cases (CasesAtStart.each).
 */
export function* runCohort(cases: CasesAtStart, store: CaseStore, pass: CohortPass): Generator<void, void> {
  const { from, to, asOf } = pass;
  const state = new DerivedCase();
  yield* cases.each(pass.candidates, (n, then) => {
    const registeredAt = then === undefined ? store.time(n, T_REGISTERED) : then.times[T_REGISTERED];
    if (!(registeredAt >= from && registeredAt < to && registeredAt <= asOf) || !(then === undefined ? store.isCounted(n) : then.counted)) return;
    if (then === undefined && store.time(n, T_UPDATED) <= asOf) store.load(n, state);
    else cases.caseAsOf(n, asOf, state);
    if (!state.counted || !(state.times[T_REGISTERED] >= from && state.times[T_REGISTERED] < to)) return;
    if (!Number.isNaN(state.times[T_CANCELLED])) pass.cancelled(n, state);
    else pass.cohort(n, state);
  });
}

/** The departments that returned a case (回退) by the cut-off: the one named on each return, else the case's own. */
export function returnersOf(cases: CasesAtStart, events: EventPool, n: number, asOf: number, ownDepartment: number, out: Set<number>): Set<number> {
  out.clear();
  for (let e = cases.head(n); e !== NONE; e = events.next[e]) {
    if (events.type[e] !== RETURNED || events.at[e] > asOf) continue;
    const named = events.aux[e];
    const department = named === NONE ? ownDepartment : named;
    if (department !== NONE) out.add(department);
  }
  return out;
}

/**
 * Per reporter (定人), the cases reported in [from, to) by the cut-off: reported, valid (registered),
 * cancelled. A generator, like runCohort.
 */
export function* reporterRows(cases: CasesAtStart, source: EvaluationSource, candidates: Candidates, from: number, to: number, asOf: number): Generator<void, ReporterRow[]> {
  const { store, reports } = source;
  const rows = new Map<number, ReporterRow>();
  yield* cases.each(candidates, (n, then) => {
    const reportedAt = then === undefined ? store.time(n, T_REPORTED) : then.times[T_REPORTED];
    if (!(reportedAt >= from && reportedAt < to && reportedAt <= asOf) || !(then === undefined ? store.isCounted(n) : then.counted)) return;
    const reporter = reports.reporter[then === undefined ? store.reportRow[n] : then.reportRow];
    if (reporter === NONE) return;
    let row = rows.get(reporter);
    if (!row) rows.set(reporter, (row = { reporter: reports.reporters.list[reporter], reported: 0, valid: 0, validRate: null, cancelled: 0 }));
    row.reported += 1;
    if ((then === undefined ? store.time(n, T_REGISTERED) : then.times[T_REGISTERED]) <= asOf) row.valid += 1;
    if ((then === undefined ? store.time(n, T_CANCELLED) : then.times[T_CANCELLED]) <= asOf) row.cancelled += 1;
  });
  for (const row of rows.values()) row.validRate = rate(row.valid, row.reported);
  return [...rows.values()].sort((a, b) => b.reported - a.reported || (a.reporter < b.reporter ? -1 : a.reporter > b.reporter ? 1 : 0));
}
