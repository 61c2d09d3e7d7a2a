import { FIELDS } from './figure-layout';
import { resized } from './typed-growth';

/** Department tallies of a day (cases dispatched that day), DEPARTMENT_FIELDS per department. */
export const D_DISPATCHED = 0;
export const D_HANDLED = 1;
export const D_ON_TIME = 2;
export const D_REWORKED = 3;
export const D_OVERDUE = 4;
export const D_URGED = 5;
export const DEPARTMENT_FIELDS = 6;

/** Everything kept for one local day. */
export class DayTable {
  /** FIELDS per scope slot (city, districts, streets). */
  readonly scopes: Int32Array;
  /** FIELDS per grid, kept only for days that were today or later when first touched (dense, 14 MB for 64k grids). */
  grids: Int32Array | undefined;
  /** Cases closed that day, per district ordinal (for the exact close-time quantiles). */
  readonly closed: Array<number[] | undefined>;
  departments = new Int32Array(0);

  constructor(
    readonly day: number,
    scopeCount: number,
    gridCount: number | undefined,
    districtCount: number,
  ) {
    this.scopes = new Int32Array(scopeCount * FIELDS);
    this.grids = gridCount === undefined ? undefined : new Int32Array(gridCount * FIELDS);
    this.closed = new Array<number[] | undefined>(districtCount);
  }

  addClosed(district: number, n: number): void {
    (this.closed[district] ??= []).push(n);
  }

  removeClosed(district: number, n: number): void {
    const list = this.closed[district];
    const i = list ? list.indexOf(n) : -1;
    if (!list || i < 0) return;
    list[i] = list[list.length - 1];
    list.pop();
  }

  bumpDepartment(department: number, field: number, delta: number): void {
    const at = department * DEPARTMENT_FIELDS + field;
    if (at >= this.departments.length) this.departments = resized(this.departments, (department + 8) * DEPARTMENT_FIELDS);
    this.departments[at] += delta;
  }
}

/**
 * The retained days: from `today − retentionDays + 1` to today, plus any later day an event
 * already points at. Tables are created on first write; older days are dropped when the day rolls.
 */
export class DayTables {
  private readonly tables = new Map<number, DayTable>();
  private today = Number.NaN;
  private lastDay = Number.NaN;
  private lastTable: DayTable | undefined;
  first = Number.NaN;

  constructor(
    private readonly retentionDays: number,
    private readonly scopeCount: number,
    private readonly gridCount: number,
    private readonly districtCount: number,
  ) {}

  setToday(day: number): void {
    this.today = day;
    this.first = day - this.retentionDays + 1;
    for (const [d, table] of this.tables) {
      if (d < this.first) this.tables.delete(d);
      else if (d < day) table.grids = undefined;
    }
    this.lastDay = Number.NaN;
    this.lastTable = undefined;
  }

  get(day: number): DayTable | undefined {
    return day === this.lastDay ? this.lastTable : this.tables.get(day);
  }

  /** The table to add a contribution to, or undefined when the day is past retention. */
  forWrite(day: number): DayTable | undefined {
    if (day === this.lastDay) return this.lastTable;
    if (day < this.first) return undefined;
    let table = this.tables.get(day);
    if (!table) {
      table = new DayTable(day, this.scopeCount, day >= this.today ? this.gridCount : undefined, this.districtCount);
      this.tables.set(day, table);
    }
    this.lastDay = day;
    this.lastTable = table;
    return table;
  }
}
