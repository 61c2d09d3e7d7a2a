import { DerivedCase, T_CANCELLED, T_CLOSED } from './case-state';
import type { CaseStore } from './case-store';
import type { EvaluationSource } from './evaluation';
import { NONE } from './event-pool';

/**
 * Candidate cases a pass goes over between two yields: few enough that even when each is derived
 * again on the work calendar, the caller looks at the time well within a slice.
 */
const STEP = 256;

/** The cases a pass considers: every case numbered below a count (the city's), or a list of them (a scope's). */
export type Candidates = number | Int32Array;

/**
 * The cases as an evaluation found them when it began, read while it runs in slices of the event
 * loop with ingest going on between them, so that its answer is that of one instant: the events the
 * server held then, whatever arrives meanwhile (docs/evaluation.md#definitions).
 *
 * The event pool and the case store only grow until a compaction (evict()), and a case's new event
 * goes to the head of its list: their first `events` events and `cases` cases are the state of that
 * instant. A case with no event since still has the row it had then (a deadline passing since moves
 * only its overdue flag, which the evaluation does not read); one with an event since is derived
 * again from its events of then. That costs nothing up front and a derivation per case changed,
 * where a copy of the rows (or the checkpoints' copy on write, which holds one image at a time)
 * costs memory in proportion to the store, and checking after the pass cannot tell which cases
 * changed. A compaction renumbers cases and events: the view is `stale` and the evaluation starts again.
 */
export class CasesAtStart {
  readonly events: number;
  readonly cases: number;
  /** The first instant of the retained window then: a case closed before it is not held. */
  readonly heldFrom: number;
  private readonly store: CaseStore;
  private readonly compactions: number;
  /** The last case found changed, as it stood then: a pass reads a few of its fields in a row. */
  private readonly then = new DerivedCase();
  private thenOf = NONE;

  constructor(private readonly source: EvaluationSource) {
    this.store = source.store;
    this.events = source.events.size;
    this.cases = source.store.size;
    this.heldFrom = source.heldFrom();
    this.compactions = source.compactions();
  }

  /** Whether a compaction renumbered the cases since. */
  get stale(): boolean {
    return this.source.compactions() !== this.compactions;
  }

  /**
   * Visits the candidates held then, a STEP at a time with a yield between, so that a caller can
   * spread the pass over the event loop; visits none once the view is stale. `then` is the case
   * as it stood then when an event came since, else undefined: its row in the store is that of then.
   */
  *each(candidates: Candidates, visit: (n: number, then: DerivedCase | undefined) => void): Generator<void, void> {
    const list = typeof candidates === 'number' ? undefined : candidates;
    const count = typeof candidates === 'number' ? candidates : candidates.length;
    const { store, events, heldFrom } = this;
    for (let start = 0; start < count; start += STEP) {
      if (start > 0) yield;
      // Only a yield lets a compaction in: no step of any pass reads cases renumbered since.
      if (this.stale) return;
      // Read again after each yield: the store replaces its arrays as it grows.
      const head = store.head;
      const end = Math.min(count, start + STEP);
      for (let i = start; i < end; i += 1) {
        const n = list === undefined ? i : list[i];
        if (head[n] < events) {
          if (!(store.closedAt(n) < heldFrom)) visit(n, undefined);
          continue;
        }
        const then = this.changed(n);
        const closedAt = !Number.isNaN(then.times[T_CLOSED]) ? then.times[T_CLOSED] : then.times[T_CANCELLED];
        if (!(closedAt < heldFrom)) visit(n, then);
      }
    }
  }

  /** The grid case n was reported in, then. */
  gridOf(n: number): number {
    return this.store.head[n] < this.events ? this.store.gridOf(n) : this.changed(n).grid;
  }

  /** Case n as it stood at `asOf`, by its events held then. */
  caseAsOf(n: number, asOf: number, out: DerivedCase): void {
    this.source.caseAsOf(n, asOf, out, this.events);
  }

  /** The newest of case n's events held then (an EventPool list head). */
  head(n: number): number {
    return this.source.events.headWhen(this.store.head[n], this.events);
  }

  /** Case n, which an event came to since, as it stood then. */
  private changed(n: number): DerivedCase {
    if (this.thenOf !== n) {
      this.source.caseAsOf(n, Number.POSITIVE_INFINITY, this.then, this.events);
      this.thenOf = n;
    }
    return this.then;
  }
}
