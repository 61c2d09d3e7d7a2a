import { MAJOR_OF_MINOR } from './catalogue';
import type { CaseIndex } from './case-index';
import {
  T_CANCELLED,
  T_CLOSED,
  T_DEADLINE,
  T_DISPATCHED,
  T_HANDLED,
  T_REGISTERED,
  T_REPORTED,
  T_UPDATED,
  type DerivedCase,
} from './case-state';
import type { CaseStore } from './case-store';
import type { ChangeLog } from './change-log';
import { departmentMask } from './departments';
import { NONE } from './event-pool';
import { cohortMask } from './figure-layout';
import type { OverdueQueue } from './overdue-queue';
import type { Tally } from './tally';

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function cohortOf(state: DerivedCase): number {
  const t = state.times;
  if (!state.counted || Number.isNaN(t[T_REGISTERED])) return 0;
  return cohortMask(t[T_CLOSED], t[T_DISPATCHED], t[T_HANDLED], t[T_DEADLINE], state.reworked);
}

function majorOf(category: number): number {
  return category === NONE ? NONE : MAJOR_OF_MINOR[category];
}

/**
 * Moves a case from its previous derived state to its new one: each aspect of its
 * contribution that differs is retracted and added again, nothing else is touched.
 */
export class CaseUpdater {
  /** Deadlines from this instant on count as passed "since the previous drain" (older ones were already late when they became known). */
  passedSince = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: CaseStore,
    private readonly tally: Tally,
    private readonly index: CaseIndex,
    private readonly queue: OverdueQueue,
    private readonly changes: ChangeLog,
  ) {}

  update(n: number, prev: DerivedCase, next: DerivedCase): void {
    const moved = prev.counted !== next.counted || prev.grid !== next.grid;
    const p = prev.times;
    const q = next.times;
    const tally = this.tally;
    let changed = moved || prev.status !== next.status || prev.overdue !== next.overdue || prev.department !== next.department;

    if (moved || !same(p[T_REPORTED], q[T_REPORTED]) || prev.category !== next.category || prev.source !== next.source) {
      if (prev.counted) tally.reported(p[T_REPORTED], prev.grid, majorOf(prev.category), prev.source, -1);
      if (next.counted) tally.reported(q[T_REPORTED], next.grid, majorOf(next.category), next.source, 1);
      changed = true;
    }
    for (let k = T_REGISTERED; k <= T_CANCELLED; k += 1) {
      if (!moved && same(p[k], q[k])) continue;
      if (prev.counted && !Number.isNaN(p[k])) tally.count(k, p[k], prev.grid, -1);
      if (next.counted && !Number.isNaN(q[k])) tally.count(k, q[k], next.grid, 1);
      changed = true;
    }
    if (!same(p[T_DEADLINE], q[T_DEADLINE]) || !same(p[T_UPDATED], q[T_UPDATED]) || prev.reworked !== next.reworked) changed = true;

    const cohortBefore = cohortOf(prev);
    const cohortAfter = cohortOf(next);
    if (moved || cohortBefore !== cohortAfter || !same(p[T_REGISTERED], q[T_REGISTERED])) {
      if (cohortBefore) tally.cohort(p[T_REGISTERED], prev.grid, cohortBefore, -1);
      if (cohortAfter) tally.cohort(q[T_REGISTERED], next.grid, cohortAfter, 1);
    }
    if (moved || !same(p[T_CLOSED], q[T_CLOSED])) {
      if (prev.counted && !Number.isNaN(p[T_CLOSED])) tally.closedCase(p[T_CLOSED], prev.grid, n, -1);
      if (next.counted && !Number.isNaN(q[T_CLOSED])) tally.closedCase(q[T_CLOSED], next.grid, n, 1);
    }
    this.updateDepartment(prev, next);

    const wasOpen = prev.open;
    const isOpen = next.open;
    if (moved || wasOpen !== isOpen || prev.overdue !== next.overdue) {
      if (prev.counted) tally.live(prev.grid, wasOpen ? -1 : 0, prev.overdue ? -1 : 0);
      if (next.counted) tally.live(next.grid, isOpen ? 1 : 0, next.overdue ? 1 : 0);
    }
    if (moved) {
      if (prev.counted) this.store.unlinkFromGrid(n, prev.grid);
      if (next.counted) this.store.linkToGrid(n, next.grid);
    }
    if (moved || wasOpen !== isOpen) {
      if (wasOpen) this.index.removeOpen(prev.grid, n);
      if (isOpen) this.index.addOpen(next.grid, n);
    }
    const deadline = q[T_DEADLINE];
    if (isOpen && !next.overdue && !Number.isNaN(deadline) && (!wasOpen || prev.overdue || !same(p[T_DEADLINE], deadline))) {
      this.queue.push(deadline, n);
    }
    if (moved || !same(p[T_UPDATED], q[T_UPDATED])) {
      if (prev.counted) this.index.removeRecent(prev.grid, n, p[T_UPDATED]);
      if (next.counted) this.index.addRecent(next.grid, n, q[T_UPDATED]);
    }

    if (changed && (prev.counted || next.counted)) this.changes.touchCase(n);
    if (next.overdue && !prev.overdue && deadline >= this.passedSince) this.changes.passDeadline(n);
    this.store.save(n, next);
  }

  private updateDepartment(prev: DerivedCase, next: DerivedCase): void {
    const before = prev.department === NONE ? -1 : maskOf(prev);
    const after = next.department === NONE ? -1 : maskOf(next);
    const p = prev.times[T_DISPATCHED];
    const q = next.times[T_DISPATCHED];
    if (before === after && prev.department === next.department && same(p, q)) return;
    if (before >= 0) this.tally.department(p, prev.department, before, -1);
    if (after >= 0) this.tally.department(q, next.department, after, 1);
  }
}

function maskOf(state: DerivedCase): number {
  return departmentMask(state.times[T_HANDLED], state.times[T_DEADLINE], state.reworked, state.overdue, state.urged);
}
