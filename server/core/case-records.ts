import { EVENT_TYPES, MINOR_CATEGORIES, SOURCES } from '../../contract';
import { blankRecord, type CaseEventRecord } from './case-event-record';
import { closureOf, type Closure } from './case-state';
import type { CaseStore } from './case-store';
import { DISPATCHED, EXTENDED, REGISTERED, REPORTED, RETURNED } from './catalogue';
import type { CityIndex } from './city-index';
import { NONE, type EventPool, type ReportedPool } from './event-pool';

/**
 * The events the aggregator holds, read back as records: what a replica of the past is fed
 * (docs/replay.md#how-the-past-is-rebuilt). Ids and an urge's note are not kept by the core and
 * come back empty; nothing the figures read is lost.
 */
export class CaseRecords {
  private readonly closure: Closure = { at: 0, type: 0 };

  constructor(
    private readonly city: CityIndex,
    private readonly store: CaseStore,
    private readonly events: EventPool,
    private readonly reports: ReportedPool,
    private readonly departments: readonly string[],
  ) {}

  /** The instant of case n's first closure or cancellation, +∞ while it has none. */
  closedAt(n: number): number {
    return closureOf(this.events, this.store.head[n], this.closure).at;
  }

  /** The instant of case n's earliest event (+∞ for none). */
  firstAt(n: number): number {
    const { events } = this;
    let first = Number.POSITIVE_INFINITY;
    for (let e = this.store.head[n]; e !== NONE; e = events.next[e]) if (events.at[e] < first) first = events.at[e];
    return first;
  }

  /** Visits case n's events at or before `until`, each in the same reused record. */
  forEach(n: number, until: number, visit: (record: CaseEventRecord) => void): void {
    const record = blankRecord();
    const { events } = this;
    for (let e = this.store.head[n]; e !== NONE; e = events.next[e]) {
      if (events.at[e] > until) continue;
      this.fill(n, e, Object.assign(record, BLANK));
      visit(record);
    }
  }

  /**
   * Every event with its time in (from, to], as new records in time and lifecycle order; but
   * those of cases closed by `from`, which no derivation reads (they come after the closure) and
   * which a replica may not hold the closure of. A generator: it yields every few thousand cases.
   */
  *between(from: number, to: number): Generator<void, CaseEventRecord[]> {
    const { events, store } = this;
    const found: CaseEventRecord[] = [];
    for (let n = 0; n < store.size; n += 1) {
      if (n % 4096 === 4095) yield;
      if (this.closedAt(n) <= from) continue;
      for (let e = store.head[n]; e !== NONE; e = events.next[e]) {
        const at = events.at[e];
        if (at > from && at <= to) found.push(this.fill(n, e, blankRecord()));
      }
    }
    return found.sort((a, b) => a.at - b.at || EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type));
  }

  private fill(n: number, e: number, record: CaseEventRecord): CaseEventRecord {
    const { events, reports } = this;
    const type = events.type[e];
    const aux = events.aux[e];
    record.caseId = this.store.caseIds[n];
    record.type = EVENT_TYPES[type];
    record.at = events.at[e];
    if (type === REPORTED) {
      const grid = reports.grid[aux];
      const category = reports.category[aux];
      const deadline = reports.deadline[aux];
      record.grid = grid;
      record.gridCode = this.city.gridCodeAt(grid);
      record.category = category === NONE ? undefined : MINOR_CATEGORIES[category].code;
      record.source = SOURCES[reports.source[aux]];
      record.lng = Number.isNaN(reports.lng[aux]) ? undefined : reports.lng[aux];
      record.lat = Number.isNaN(reports.lat[aux]) ? undefined : reports.lat[aux];
      record.deadline = Number.isNaN(deadline) ? undefined : deadline;
      record.description = reports.descriptions.get(aux);
      record.reporter = reports.reporterOf(aux);
    } else if ((type === REGISTERED || type === EXTENDED) && aux !== NONE) {
      record.deadline = events.deadlines[aux];
    } else if ((type === DISPATCHED || type === RETURNED) && aux !== NONE) {
      record.department = this.departments[aux];
    }
    return record;
  }
}

const BLANK = blankRecord();
