import { MINOR_CATEGORIES, type DepartmentRow } from '../../contract';
import { T_DEADLINE, T_DISPATCHED, T_HANDLED, type DerivedCase } from './case-state';
import { D_DISPATCHED, D_HANDLED, D_ON_TIME, D_OVERDUE, D_REWORKED, DEPARTMENT_FIELDS, type DayTable } from './day-table';
import { NONE } from './event-pool';

/** Department names, numbered in first-seen order (the catalogue's defaults first). */
export class Departments {
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** Default department number of each minor category, by minor index. */
  readonly defaults: readonly number[];

  constructor() {
    this.defaults = MINOR_CATEGORIES.map((c) => this.intern(c.department));
  }

  intern(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }

  /** The department a dispatched case counts under: the first named, else its category's default. */
  of(state: DerivedCase): number {
    if (!state.counted || Number.isNaN(state.times[T_DISPATCHED])) return NONE;
    if (state.namedDepartment !== NONE) return state.namedDepartment;
    return state.category === NONE ? NONE : this.defaults[state.category];
  }
}

/** Which department tallies beyond `dispatched` a case adds to (bits are DEPARTMENT field numbers). */
export function departmentMask(state: DerivedCase): number {
  const handledAt = state.times[T_HANDLED];
  let mask = 0;
  if (handledAt === handledAt) {
    mask |= 1 << D_HANDLED;
    if (handledAt <= state.times[T_DEADLINE]) mask |= 1 << D_ON_TIME;
  }
  if (state.reworked) mask |= 1 << D_REWORKED;
  if (state.overdue) mask |= 1 << D_OVERDUE;
  return mask;
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

/** Department rows of a day, best score first (ties by name). */
export function departmentRows(table: DayTable | undefined, names: readonly string[]): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  const tallies = table?.departments ?? new Int32Array(0);
  for (let d = 0; d * DEPARTMENT_FIELDS < tallies.length && d < names.length; d += 1) {
    const at = d * DEPARTMENT_FIELDS;
    const dispatched = tallies[at + D_DISPATCHED];
    if (dispatched === 0) continue;
    const handled = tallies[at + D_HANDLED];
    const onTime = tallies[at + D_ON_TIME];
    const reworked = tallies[at + D_REWORKED];
    const overdue = tallies[at + D_OVERDUE];
    rows.push({ department: names[d], dispatched, handled, onTime, reworked, overdue, score: departmentScore(dispatched, handled, onTime, reworked, overdue) });
  }
  return rows.sort((a, b) => b.score - a.score || (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
}
