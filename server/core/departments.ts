import { MINOR_CATEGORIES, type DepartmentRow } from '../../contract';
import { T_DEADLINE, T_DISPATCHED, T_HANDLED, type DerivedCase } from './case-state';
import type { CaseStore } from './case-store';
import { D_DISPATCHED, D_HANDLED, D_ON_TIME, D_OVERDUE, D_REWORKED, D_URGED, DEPARTMENT_FIELDS } from './day-table';
import { NONE } from './event-pool';
import { Names } from './names';
import { resized } from './typed-growth';

/** Department names, numbered in first-seen order (the catalogue's defaults first). */
export class Departments extends Names {
  /** Default department number of each minor category, by minor index. */
  readonly defaults: readonly number[];

  constructor() {
    super();
    this.defaults = MINOR_CATEGORIES.map((c) => this.intern(c.department));
  }

  get names(): readonly string[] {
    return this.list;
  }

  /** The department a dispatched case counts under: the first named, else its category's default. */
  of(state: DerivedCase): number {
    if (!state.counted || Number.isNaN(state.times[T_DISPATCHED])) return NONE;
    if (state.namedDepartment !== NONE) return state.namedDepartment;
    return state.category === NONE ? NONE : this.defaults[state.category];
  }
}

/** Which department tallies beyond `dispatched` a case adds to (bits are DEPARTMENT field numbers). */
export function departmentMask(handledAt: number, deadline: number, reworked: boolean, overdue: boolean, urged: boolean): number {
  let mask = 0;
  if (!Number.isNaN(handledAt)) {
    mask |= 1 << D_HANDLED;
    if (handledAt <= deadline) mask |= 1 << D_ON_TIME;
  }
  if (reworked) mask |= 1 << D_REWORKED;
  if (overdue) mask |= 1 << D_OVERDUE;
  if (urged) mask |= 1 << D_URGED;
  return mask;
}

/**
 * The department tallies of the cases of some grids dispatched in [from, to), recounted from the
 * case store by the rule the day tables follow: what a scope below the city shows, since the day
 * tables keep department tallies for the whole city only.
 */
export function scanDepartments(store: CaseStore, grids: ArrayLike<number>, from: number, to: number): Int32Array {
  let tallies = new Int32Array(0);
  for (let i = 0; i < grids.length; i += 1) {
    for (let n = store.gridHead[grids[i]]; n !== NONE; n = store.gridNext[n]) {
      const department = store.department[n];
      const dispatchedAt = store.time(n, T_DISPATCHED);
      if (department === NONE || !store.isCounted(n) || !(dispatchedAt >= from && dispatchedAt < to)) continue;
      const at = department * DEPARTMENT_FIELDS;
      if (at >= tallies.length) tallies = resized(tallies, (department + 8) * DEPARTMENT_FIELDS);
      const mask = departmentMask(store.time(n, T_HANDLED), store.time(n, T_DEADLINE), store.isReworked(n), store.isOverdue(n), store.isUrged(n));
      tallies[at + D_DISPATCHED] += 1;
      for (let field = D_DISPATCHED + 1; field < DEPARTMENT_FIELDS; field += 1) if (mask & (1 << field)) tallies[at + field] += 1;
    }
  }
  return tallies;
}

/**
 * 综合评价, 0–100, over the cases dispatched to the department that day:
 * 40 × on-time handling rate + 30 × handling rate + 20 × (1 − rework rate) + 10 × (1 − overdue share),
 * each rate over the dispatched cases, rounded to one decimal (docs/metrics.md#departments).
 */
export function departmentScore(dispatched: number, handled: number, onTime: number, reworked: number, overdue: number): number {
  if (dispatched === 0) return 0;
  const score = 40 * (onTime / dispatched) + 30 * (handled / dispatched) + 20 * (1 - reworked / dispatched) + 10 * (1 - overdue / dispatched);
  return Math.round(score * 10) / 10;
}

/** Department rows from a day's tallies, best score first (ties by name). */
export function departmentRows(tallies: Int32Array, names: readonly string[]): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  for (let d = 0; d * DEPARTMENT_FIELDS < tallies.length && d < names.length; d += 1) {
    const at = d * DEPARTMENT_FIELDS;
    const dispatched = tallies[at + D_DISPATCHED];
    if (dispatched === 0) continue;
    const handled = tallies[at + D_HANDLED];
    const onTime = tallies[at + D_ON_TIME];
    const reworked = tallies[at + D_REWORKED];
    const overdue = tallies[at + D_OVERDUE];
    const urged = tallies[at + D_URGED];
    rows.push({ department: names[d], dispatched, handled, onTime, reworked, overdue, urged, score: departmentScore(dispatched, handled, onTime, reworked, overdue) });
  }
  return rows.sort((a, b) => b.score - a.score || (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
}
