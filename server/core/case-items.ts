import { EVENT_TYPES, MINOR_CATEGORIES, SOURCES, type CaseItem, type CaseListStatus, type CasePoint } from '../../contract';
import type { CaseIndex } from './case-index';
import { T_CANCELLED, T_CLOSED, T_DEADLINE, T_REGISTERED, T_REPORTED, T_UPDATED } from './case-state';
import type { CaseStore } from './case-store';
import { URGED } from './catalogue';
import { NONE, type EventPool, type ReportedPool } from './event-pool';
import type { LocalTime } from './local-time';
import type { Place, ScopeIndex } from './scope-index';

/** Case lists and CaseItems of the contract, read from the case store and its indexes. */
export class CaseItems {
  constructor(
    private readonly scopes: ScopeIndex,
    private readonly store: CaseStore,
    private readonly reports: ReportedPool,
    private readonly index: CaseIndex,
    private readonly events: EventPool,
    private readonly departments: readonly string[],
    private readonly time: LocalTime,
  ) {}

  item(n: number): CaseItem {
    const { store, reports, time, scopes } = this;
    const city = scopes.city;
    const reportRow = store.reportRow[n];
    const grid = reports.grid[reportRow];
    const gridCode = city.gridCodeAt(grid);
    const street = scopes.streetOfGrid[grid];
    const district = scopes.districtOf[street];
    const category = reports.category[reportRow];
    const centre = city.centerOf(gridCode) ?? [0, 0];
    const lng = reports.lng[reportRow];
    const lat = reports.lat[reportRow];
    const optionalIso = (slot: number): string | null => {
      const at = store.time(n, slot);
      return !Number.isNaN(at) ? time.iso(at) : null;
    };
    const department = store.department[n];
    const description = reports.descriptions.get(reportRow);
    const item: CaseItem = {
      caseId: store.caseIds[n],
      status: EVENT_TYPES[store.status[n]],
      overdue: store.isOverdue(n),
      category: category === NONE ? '' : MINOR_CATEGORIES[category].code,
      categoryName: category === NONE ? '' : MINOR_CATEGORIES[category].zh,
      source: SOURCES[reports.source[reportRow]],
      gridCode,
      streetCode: scopes.codes[street],
      streetName: city.nameOf(scopes.codes[street]) ?? scopes.codes[street],
      districtCode: scopes.codes[district],
      districtName: city.nameOf(scopes.codes[district]) ?? scopes.codes[district],
      lng: !Number.isNaN(lng) ? lng : centre[0],
      lat: !Number.isNaN(lat) ? lat : centre[1],
      reportedAt: time.iso(store.time(n, T_REPORTED)),
      registeredAt: optionalIso(T_REGISTERED),
      deadline: optionalIso(T_DEADLINE),
      closedAt: optionalIso(T_CLOSED),
      department: department === NONE ? null : this.departments[department],
      updatedAt: time.iso(store.time(n, T_UPDATED)),
      urged: this.urgesOf(n),
    };
    if (description !== undefined) item.description = description;
    return item;
  }

  /**
   * Open cases of a scope, oldest report first; its overdue ones (红灯), most overdue (earliest
   * deadline) first; or those due soon (黄灯: deadline by `dueSoonUntil`), the nearest first.
   */
  cases(place: Place, status: CaseListStatus, limit: number, dueSoonUntil: number): CaseItem[] {
    const key = status === 'open' ? T_REPORTED : T_DEADLINE;
    const best = new BestFirst(limit, (a, b) => this.store.time(a, key) - this.store.time(b, key) || this.byId(a, b));
    this.forEachOpen(place, (n) => {
      if (status === 'overdue' && !this.store.isOverdue(n)) return;
      if (status === 'due-soon' && !this.isDueSoon(n, dueSoonUntil)) return;
      best.offer(n);
    });
    return best.items.map((n) => this.item(n));
  }

  /** 红灯 and 黄灯 of a scope: its overdue cases, and those due by `dueSoonUntil`. */
  lights(place: Place, dueSoonUntil: number): { red: number; yellow: number } {
    let red = 0;
    let yellow = 0;
    this.forEachOpen(place, (n) => {
      if (this.store.isOverdue(n)) red += 1;
      else if (this.isDueSoon(n, dueSoonUntil)) yellow += 1;
    });
    return { red, yellow };
  }

  /** Ties in a list go by case id: the same order whatever order the cases arrived in. */
  private byId(a: number, b: number): number {
    const ids = this.store.caseIds;
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  }

  private isDueSoon(n: number, until: number): boolean {
    const { store } = this;
    return !store.isOverdue(n) && !store.isSuspended(n) && store.time(n, T_DEADLINE) <= until;
  }

  private forEachOpen(place: Place, visit: (n: number) => void): void {
    if (place.kind === 'slot') this.index.forEachOpen(place.slot, visit);
    else
      this.forEachOfGrids(place.grids, (n) => {
        if (this.isOpen(n) && this.store.isCounted(n)) visit(n);
      });
  }

  /** Newest updates first, of the cases `held` admits. */
  recent(place: Place, limit: number, held: (n: number) => boolean): CaseItem[] {
    if (place.kind === 'slot') return this.index.recent(place.slot, limit).filter(held).map((n) => this.item(n));
    const best = new BestFirst(limit, (a, b) => this.store.time(b, T_UPDATED) - this.store.time(a, T_UPDATED) || b - a);
    this.forEachOfGrids(place.grids, (n) => {
      if (held(n)) best.offer(n);
    });
    return best.items.map((n) => this.item(n));
  }

  /**
   * Where the counted cases of a scope reported in [from, to) are, newest report first: the heat
   * map's points. A district or the city scans every case; a day's reports are not indexed apart.
   */
  points(place: Place, from: number, to: number, limit: number): CasePoint[] {
    const { store, scopes } = this;
    const chosen: number[] = [];
    const consider = (n: number): void => {
      const at = store.time(n, T_REPORTED);
      if (at >= from && at < to && store.isCounted(n)) chosen.push(n);
    };
    if (place.kind === 'grids') {
      this.forEachOfGrids(place.grids, consider);
    } else {
      for (let n = 0; n < store.size; n++) {
        const where = store.gridOf(n);
        if (where === NONE) continue;
        if (scopes.covers(place.slot, scopes.streetOfGrid[where])) consider(n);
      }
    }
    chosen.sort((a, b) => store.time(b, T_REPORTED) - store.time(a, T_REPORTED) || this.byId(a, b));
    return chosen.slice(0, limit).map((n) => this.point(n));
  }

  private urgesOf(n: number): number {
    const { events } = this;
    let urged = 0;
    for (let e = this.store.head[n]; e !== NONE; e = events.next[e]) if (events.type[e] === URGED) urged += 1;
    return urged;
  }

  /** Every case ever reported in some grids, counted or not. */
  private forEachOfGrids(grids: Int32Array, visit: (n: number) => void): void {
    const store = this.store;
    for (const grid of grids) for (let n = store.gridHead[grid]; n !== NONE; n = store.gridNext[n]) visit(n);
  }

  private point(n: number): CasePoint {
    const { store, reports, scopes } = this;
    const reportRow = store.reportRow[n];
    const lng = reports.lng[reportRow];
    const lat = reports.lat[reportRow];
    if (!Number.isNaN(lng) && !Number.isNaN(lat)) return [store.caseIds[n], lng, lat];
    const [centreLng, centreLat] = scopes.city.centerAt(reports.grid[reportRow]);
    return [store.caseIds[n], centreLng, centreLat];
  }

  isOpen(n: number): boolean {
    const closedAt = this.store.time(n, T_CLOSED);
    const cancelledAt = this.store.time(n, T_CANCELLED);
    return Number.isNaN(closedAt) && Number.isNaN(cancelledAt);
  }
}

/** The `limit` smallest items under `order`, kept sorted while offered one by one. */
class BestFirst {
  readonly items: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly order: (a: number, b: number) => number,
  ) {}

  offer(n: number): void {
    const items = this.items;
    if (this.limit <= 0) return;
    if (items.length === this.limit && this.order(n, items[items.length - 1]) >= 0) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order(items[mid], n) < 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, n);
    if (items.length > this.limit) items.pop();
  }
}
