import { CITY_SLOT, type ScopeIndex } from './scope-index';
import type { ChangeLog } from './change-log';
import { D_DISPATCHED, DEPARTMENT_FIELDS, type DayTable, type DayTables } from './day-table';
import { DAY_MS, HOUR_MS, type LocalTime } from './local-time';
import { COHORT_FIELDS, F_COHORT, F_COUNTS, F_HOURLY, F_MAJOR, F_SOURCE, FIELDS } from './figure-layout';

/**
 * Adds (+1) or retracts (−1) one aspect of a case's contribution: to the day tables of the city,
 * the case's district and street (and its grid when the day keeps grid rows), to the live
 * open/overdue counts, and notes what the live push must send.
 */
export class Tally {
  /** open, overdue per scope slot. */
  readonly liveScopes: Int32Array;
  /** open, overdue per grid. */
  readonly liveGrids: Int32Array;
  today = Number.NaN;

  constructor(
    private readonly scopes: ScopeIndex,
    private readonly days: DayTables,
    private readonly time: LocalTime,
    private readonly changes: ChangeLog,
  ) {
    this.liveScopes = new Int32Array(scopes.size * 2);
    this.liveGrids = new Int32Array(scopes.city.gridCount * 2);
  }

  reported(at: number, grid: number, major: number, source: number, sign: number): void {
    const local = this.time.local(at);
    const day = Math.floor(local / DAY_MS);
    const table = this.days.forWrite(day);
    if (!table) return;
    const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    this.add(table, grid, F_COUNTS, sign);
    this.add(table, grid, F_HOURLY + hour, sign);
    if (major >= 0) this.add(table, grid, F_MAJOR + major, sign);
    this.add(table, grid, F_SOURCE + source, sign);
    if (day === this.today) {
      this.touched(grid);
      this.changes.gridRows.add(grid);
    }
  }

  /** One of the day counts (DAY_COUNTS index 1..5). */
  count(index: number, at: number, grid: number, sign: number): void {
    const table = this.days.forWrite(this.time.dayOf(at));
    if (!table) return;
    this.add(table, grid, F_COUNTS + index, sign);
    if (table.day === this.today) this.touched(grid);
  }

  cohort(registeredAt: number, grid: number, mask: number, sign: number): void {
    const table = this.days.forWrite(this.time.dayOf(registeredAt));
    if (!table) return;
    for (let bit = 0; bit < COHORT_FIELDS; bit += 1) if (mask & (1 << bit)) this.add(table, grid, F_COHORT + bit, sign);
    if (table.day === this.today) this.touched(grid);
  }

  closedCase(closedAt: number, grid: number, n: number, sign: number): void {
    const table = this.days.forWrite(this.time.dayOf(closedAt));
    if (!table) return;
    const district = this.scopes.districtOrdinal[this.scopes.districtOf[this.scopes.streetOfGrid[grid]]];
    if (sign > 0) table.addClosed(district, n);
    else table.removeClosed(district, n);
  }

  /** `mask` bits are DEPARTMENT fields after D_DISPATCHED (which every dispatched case adds to). */
  department(dispatchedAt: number, department: number, mask: number, sign: number): void {
    const table = this.days.forWrite(this.time.dayOf(dispatchedAt));
    if (!table) return;
    table.bumpDepartment(department, D_DISPATCHED, sign);
    for (let field = D_DISPATCHED + 1; field < DEPARTMENT_FIELDS; field += 1) {
      if (mask & (1 << field)) table.bumpDepartment(department, field, sign);
    }
  }

  /** Counts the live values again from each grid's (after a checkpoint is loaded). */
  recountLive(): void {
    const live = this.liveScopes;
    live.fill(0);
    for (let grid = 0; grid < this.scopes.city.gridCount; grid += 1) {
      const open = this.liveGrids[grid * 2];
      const overdue = this.liveGrids[grid * 2 + 1];
      if (open === 0 && overdue === 0) continue;
      const street = this.scopes.streetOfGrid[grid];
      for (const slot of [CITY_SLOT, this.scopes.districtOf[street], street]) {
        live[slot * 2] += open;
        live[slot * 2 + 1] += overdue;
      }
    }
  }

  live(grid: number, open: number, overdue: number): void {
    if (open === 0 && overdue === 0) return;
    const street = this.scopes.streetOfGrid[grid];
    const district = this.scopes.districtOf[street];
    const live = this.liveScopes;
    live[CITY_SLOT * 2] += open;
    live[CITY_SLOT * 2 + 1] += overdue;
    live[district * 2] += open;
    live[district * 2 + 1] += overdue;
    live[street * 2] += open;
    live[street * 2 + 1] += overdue;
    this.liveGrids[grid * 2] += open;
    this.liveGrids[grid * 2 + 1] += overdue;
    this.touched(grid);
    this.changes.gridRows.add(grid);
  }

  private add(table: DayTable, grid: number, field: number, delta: number): void {
    const street = this.scopes.streetOfGrid[grid];
    const rows = table.scopes;
    rows[CITY_SLOT * FIELDS + field] += delta;
    rows[this.scopes.districtOf[street] * FIELDS + field] += delta;
    rows[street * FIELDS + field] += delta;
    if (table.grids) table.grids[grid * FIELDS + field] += delta;
  }

  private touched(grid: number): void {
    const street = this.scopes.streetOfGrid[grid];
    const scopes = this.changes.scopes;
    scopes.add(CITY_SLOT);
    scopes.add(this.scopes.districtOf[street]);
    scopes.add(street);
    this.changes.gridFigures.add(grid);
  }
}
