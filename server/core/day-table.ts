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

/** What a day table holds, as a checkpoint keeps it. */
export interface DayContent {
  day: number;
  scopes: Int32Array;
  grids: Int32Array | undefined;
  closed: Array<number[] | undefined>;
  departments: Int32Array;
}

/** Everything kept for one local day. */
export class DayTable implements DayContent {
  /** FIELDS per scope slot (city, districts, streets). */
  scopes: Int32Array;
  /** FIELDS per grid, kept only for days that were today or later when first touched (dense, 14 MB for 64k grids). */
  grids: Int32Array | undefined;
  /** Cases closed that day, per district ordinal (for the exact close-time quantiles). */
  closed: Array<number[] | undefined>;
  departments = new Int32Array(0);
  /** A checkpoint being written holds this table's arrays: the next write works on copies. */
  frozen = false;

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

  /** The table as it stands, for a checkpoint; its arrays stay untouched until the checkpoint is written or thaw() runs. */
  freeze(): DayContent {
    this.frozen = true;
    return { day: this.day, scopes: this.scopes, grids: this.grids, closed: this.closed, departments: this.departments };
  }

  /** Before a write to a frozen table: the checkpoint keeps the arrays it froze, the table goes on with copies. */
  thaw(): void {
    this.frozen = false;
    this.scopes = this.scopes.slice();
    this.grids = this.grids?.slice();
    this.closed = this.closed.map((list) => list?.slice());
    this.departments = this.departments.slice();
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
    let table: DayTable | undefined;
    if (day === this.lastDay) table = this.lastTable;
    else {
      if (day < this.first) return undefined;
      table = this.tables.get(day);
      if (!table) {
        table = new DayTable(day, this.scopeCount, day >= this.today ? this.gridCount : undefined, this.districtCount);
        this.tables.set(day, table);
      }
      this.lastDay = day;
      this.lastTable = table;
    }
    if (table?.frozen) table.thaw();
    return table;
  }

  /** Every table as it stands, oldest first, frozen for a checkpoint until unfreeze(). */
  freeze(): DayContent[] {
    return [...this.tables.values()].sort((a, b) => a.day - b.day).map((table) => table.freeze());
  }

  unfreeze(): void {
    for (const table of this.tables.values()) table.frozen = false;
  }

  /** Takes back the tables a checkpoint kept (the caller then sets today, which drops what retention no longer keeps). */
  restore(days: readonly DayContent[]): void {
    this.tables.clear();
    for (const content of days) {
      const table = new DayTable(content.day, this.scopeCount, undefined, this.districtCount);
      Object.assign(table, { scopes: content.scopes, grids: content.grids, closed: content.closed, departments: content.departments });
      this.tables.set(content.day, table);
    }
    this.lastDay = Number.NaN;
    this.lastTable = undefined;
  }

  /** Moves the case numbers of the closed lists after a compaction (a forgotten case is in no retained day's list). */
  renumber(newNumber: Int32Array): void {
    for (const table of this.tables.values()) {
      for (const list of table.closed) if (list) for (let i = 0; i < list.length; i += 1) list[i] = newNumber[list[i]];
    }
  }
}
