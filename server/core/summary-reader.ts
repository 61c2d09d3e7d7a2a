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
import type { Place, ScopeIndex } from './scope-index';
import type { Tally } from './tally';

const ZEROS = new Int32Array(FIELDS);

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** One scope's figures row for a day: a view into a day table, or a sum over grids. */
interface Row {
  values: Int32Array;
  at: number;
}

/** Builds contract Summaries from the day tables: O(children) for the city, districts and streets. */
export class SummaryReader {
  private readonly scan = new Int32Array(FIELDS);
  private readonly sum = new Int32Array(FIELDS);
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
  summary(scope: string, level: ScopeLevel, place: Place, day: number, asOf: string, children?: (code: string) => boolean): Summary {
    const city = this.scopes.city;
    const { values, at } = this.rowOf(place, day);
    const hourly = Array.from(values.subarray(at + F_HOURLY, at + F_HOURLY + 24));
    const byCategory: Record<string, number> = {};
    MAJOR_CATEGORIES.forEach((major, i) => (byCategory[major.code] = values[at + F_MAJOR + i]));
    const bySource: Record<string, number> = {};
    SOURCES.forEach((source, i) => (bySource[source] = values[at + F_SOURCE + i]));
    const figures = this.figuresOf(place, values, at);
    const codes = city.childrenOf(scope);
    const listed: ChildSummary[] = [];
    for (const code of children ? codes.filter(children) : codes) {
      const childPlace = this.scopes.placeOf(code);
      if (childPlace === undefined) continue;
      const row = this.rowOf(childPlace, day);
      listed.push({ code, name: city.nameOf(code) ?? code, level: city.levelOf(code) ?? 'grid', ...this.figuresOf(childPlace, row.values, row.at) });
    }
    return {
      scope,
      level,
      name: scope === 'city' ? city.name : (city.nameOf(scope) ?? scope),
      date: this.time.formatDay(day),
      asOf,
      ...figures,
      closeMinutes: this.closeMinutes(place, day),
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

  /**
   * The figures row of a place for a day: a view into a day table for a scope slot, else the sum
   * of its grids' rows (scanned from their cases on days that keep no grid rows). A sum is only
   * valid until the next call.
   */
  rowOf(place: Place, day: number): Row {
    const table = this.days.get(day);
    if (!table) return { values: ZEROS, at: 0 };
    if (place.kind === 'slot') return { values: table.scopes, at: place.slot * FIELDS };
    const sum = this.sum;
    sum.fill(0);
    for (const grid of place.grids) {
      const values = table.grids ?? scanGridDay(this.store, this.reports, this.time, grid, day, this.scan);
      const at = table.grids ? grid * FIELDS : 0;
      for (let field = 0; field < FIELDS; field += 1) sum[field] += values[at + field];
    }
    return { values: sum, at: 0 };
  }

  private figuresOf(place: Place, v: Int32Array, at: number): ScopeFigures {
    const [open, overdue] = this.liveOf(place);
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

  /** Live [open, overdue] of a place. */
  liveOf(place: Place): [number, number] {
    if (place.kind === 'slot') return [this.tally.liveScopes[place.slot * 2], this.tally.liveScopes[place.slot * 2 + 1]];
    const live = this.tally.liveGrids;
    let open = 0;
    let overdue = 0;
    for (const grid of place.grids) {
      open += live[grid * 2];
      overdue += live[grid * 2 + 1];
    }
    return [open, overdue];
  }

  private closeMinutes(place: Place, day: number): Summary['closeMinutes'] {
    const table = this.days.get(day);
    const times = this.closeTimes;
    times.reset();
    if (!table) return times.quantiles();
    const { scopes, store } = this;
    const slot = place.kind === 'slot' ? place.slot : place.street;
    const level = scopes.levels[slot];
    const street = level === 'street' ? slot : -1;
    const district = level === 'city' ? -1 : scopes.districtOrdinal[scopes.districtOf[slot]];
    table.closed.forEach((cases, ordinal) => {
      if (!cases || (district >= 0 && ordinal !== district)) return;
      for (const n of cases) {
        const grid = store.gridOf(n);
        if (street >= 0 && scopes.streetOfGrid[grid] !== street) continue;
        if (place.kind === 'grids' && !place.grids.includes(grid)) continue;
        times.push((store.time(n, T_CLOSED) - store.time(n, T_REPORTED)) / MINUTE_MS);
      }
    });
    return times.quantiles();
  }
}
