import { MAJOR_CATEGORIES, SOURCES, type ChildSummary, type GridRow, type ScopeFigures, type ScopeLevel, type Summary } from '../../contract';
import { T_CLOSED, T_REPORTED } from './case-state';
import type { CaseStore } from './case-store';
import { CloseTimes } from './close-times';
import type { DayTables } from './day-table';
import type { ReportedPool } from './event-pool';
import {
  C_CLOSED,
  C_CLOSED_ON_TIME,
  C_COHORT,
  C_DISPATCHED,
  C_HANDLED,
  C_HANDLED_ON_TIME,
  C_REWORKED,
  F_COHORT,
  F_COUNTS,
  F_HOURLY,
  F_MAJOR,
  F_SOURCE,
  FIELDS,
} from './figure-layout';
import { scanGridDay } from './grid-scan';
import { MINUTE_MS, type LocalTime } from './local-time';
import type { ScopeIndex } from './scope-index';
import type { Tally } from './tally';

const ZEROS = new Int32Array(FIELDS);

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** One scope's figures row for a day: a view into a day table, or a grid scan. */
interface Row {
  values: Int32Array;
  at: number;
}

/** Builds contract Summaries from the day tables: O(children) for the city, districts and streets. */
export class SummaryReader {
  private readonly scan = new Int32Array(FIELDS);
  private readonly closeTimes = new CloseTimes();

  constructor(
    private readonly scopes: ScopeIndex,
    private readonly days: DayTables,
    private readonly store: CaseStore,
    private readonly reports: ReportedPool,
    private readonly tally: Tally,
    private readonly time: LocalTime,
  ) {}

  /** `children`, when given, picks the children listed (the live push's changed ones); all by default. */
  summary(scope: string, level: ScopeLevel, day: number, asOf: string, children?: (code: string) => boolean): Summary {
    const city = this.scopes.city;
    const { values, at } = this.rowOf(scope, level, day);
    const hourly = Array.from(values.subarray(at + F_HOURLY, at + F_HOURLY + 24));
    const byCategory: Record<string, number> = {};
    MAJOR_CATEGORIES.forEach((major, i) => (byCategory[major.code] = values[at + F_MAJOR + i]));
    const bySource: Record<string, number> = {};
    SOURCES.forEach((source, i) => (bySource[source] = values[at + F_SOURCE + i]));
    const figures = this.figuresOf(scope, level, values, at);
    const codes = city.childrenOf(scope);
    const listed: ChildSummary[] = (children ? codes.filter(children) : codes).map((code) => {
      const childLevel = city.levelOf(code) ?? 'grid';
      const row = this.rowOf(code, childLevel, day);
      return { code, name: city.nameOf(code) ?? code, level: childLevel, ...this.figuresOf(code, childLevel, row.values, row.at) };
    });
    return {
      scope,
      level,
      name: scope === 'city' ? city.name : (city.nameOf(scope) ?? scope),
      date: this.time.formatDay(day),
      asOf,
      ...figures,
      closeMinutes: this.closeMinutes(scope, level, day),
      hourly,
      byCategory,
      bySource,
      children: listed,
    };
  }

  /** `[code, reported that day, open, overdue]` of each grid. */
  gridRows(grids: ArrayLike<number>, day: number): GridRow[] {
    const table = this.days.get(day);
    const live = this.tally.liveGrids;
    const city = this.scopes.city;
    return Array.from(grids, (grid): GridRow => {
      let reported = 0;
      if (table?.grids) reported = table.grids[grid * FIELDS + F_COUNTS];
      else if (table) reported = scanGridDay(this.store, this.reports, this.time, grid, day, this.scan)[F_COUNTS];
      return [city.gridCodeAt(grid), reported, live[grid * 2], live[grid * 2 + 1]];
    });
  }

  /** The figures row of a scope for a day; a grid scan result is only valid until the next call. */
  rowOf(scope: string, level: ScopeLevel, day: number): Row {
    const table = this.days.get(day);
    if (level === 'grid') {
      const grid = this.scopes.city.gridIndex(scope) ?? 0;
      if (table?.grids) return { values: table.grids, at: grid * FIELDS };
      if (!table) return { values: ZEROS, at: 0 };
      return { values: scanGridDay(this.store, this.reports, this.time, grid, day, this.scan), at: 0 };
    }
    const slot = this.scopes.slotOf(scope) ?? 0;
    return table ? { values: table.scopes, at: slot * FIELDS } : { values: ZEROS, at: 0 };
  }

  private figuresOf(scope: string, level: ScopeLevel, v: Int32Array, at: number): ScopeFigures {
    const [open, overdue] = this.liveOf(scope, level);
    const c = at + F_COHORT;
    const cohort = v[c + C_COHORT];
    const dispatched = v[c + C_DISPATCHED];
    return {
      reported: v[at + F_COUNTS],
      registered: v[at + F_COUNTS + 1],
      dispatched: v[at + F_COUNTS + 2],
      handled: v[at + F_COUNTS + 3],
      closed: v[at + F_COUNTS + 4],
      cancelled: v[at + F_COUNTS + 5],
      open,
      overdue,
      closureRate: rate(v[c + C_CLOSED], cohort),
      onTimeClosureRate: rate(v[c + C_CLOSED_ON_TIME], cohort),
      handlingRate: rate(v[c + C_HANDLED], dispatched),
      onTimeHandlingRate: rate(v[c + C_HANDLED_ON_TIME], dispatched),
      reworkRate: rate(v[c + C_REWORKED], cohort),
    };
  }

  /** Live [open, overdue] of a scope. */
  liveOf(scope: string, level: ScopeLevel): [number, number] {
    if (level === 'grid') {
      const grid = this.scopes.city.gridIndex(scope) ?? 0;
      return [this.tally.liveGrids[grid * 2], this.tally.liveGrids[grid * 2 + 1]];
    }
    const slot = this.scopes.slotOf(scope) ?? 0;
    return [this.tally.liveScopes[slot * 2], this.tally.liveScopes[slot * 2 + 1]];
  }

  private closeMinutes(scope: string, level: ScopeLevel, day: number): Summary['closeMinutes'] {
    const table = this.days.get(day);
    const times = this.closeTimes;
    times.reset();
    if (!table) return times.quantiles();
    const grid = level === 'grid' ? (this.scopes.city.gridIndex(scope) ?? 0) : -1;
    const slot = level === 'grid' ? this.scopes.streetOfGrid[grid] : (this.scopes.slotOf(scope) ?? 0);
    const street = level === 'street' ? slot : -1;
    const district = level === 'city' ? -1 : this.scopes.districtOrdinal[this.scopes.districtOf[slot]];
    const store = this.store;
    table.closed.forEach((cases, ordinal) => {
      if (!cases || (district >= 0 && ordinal !== district)) return;
      for (const n of cases) {
        const g = store.gridOf(n);
        if (grid >= 0 && g !== grid) continue;
        if (street >= 0 && this.scopes.streetOfGrid[g] !== street) continue;
        times.push((store.time(n, T_CLOSED) - store.time(n, T_REPORTED)) / MINUTE_MS);
      }
    });
    return times.quantiles();
  }
}
