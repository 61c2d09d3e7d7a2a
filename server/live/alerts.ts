import { DateTime } from 'luxon';
import type { Alert, CaseItem } from '../../contract';
import type { CaseReport } from '../core/aggregator';
import type { CityIndex } from '../core/city-index';
import { OverdueAlerts } from './overdue-alerts';
import { Places } from './places';
import { ReportTimes } from './report-times';
import { RoomMap } from './rooms';
import { SurgeAlerts } from './surge-alerts';

const DAY = 86_400_000;
/** Report history kept for the surge baseline: 7 days back from an hour ago, plus slack. */
export const REPORT_HISTORY_MS = 8 * DAY + 3_600_000;

export interface AlertsOptions {
  city: CityIndex;
  zone: string;
  /** ONESCREEN_SURGE_K, default 3. */
  surgeK?: number;
  /** ONESCREEN_SURGE_MIN, default 5. */
  surgeMin?: number;
  /** Cases of one street passing their deadline in the same tick that make one street alert, default 3. */
  overdueGroupMin?: number;
  /** Active alerts kept; past it the oldest are cleared, default 2,000. */
  maxActive?: number;
  /** Label points of districts and streets, for where street alerts show on the map. */
  labels?: ReadonlyMap<string, readonly [number, number]>;
}

/** One tick of facts from the aggregator. */
export interface AlertsTick {
  now: number;
  /** Cases that passed their deadline since the previous tick. */
  passed: readonly string[];
  /** Cases new or changed since the previous tick. */
  changed: readonly string[];
  /**
   * A case's item (undefined: the case is gone). Asked only for what an alert needs: cases an
   * overdue alert waits on, cases that passed their deadline.
   */
  item(caseId: string): CaseItem | undefined;
  /** A case's report (undefined: not counted), for the surge baseline: much cheaper than its item. */
  report(caseId: string): CaseReport | undefined;
}

/**
 * The alerts engine: pure, fed once per tick with the aggregator's facts and the injected
 * clock's time, it returns the alert transitions (raised/cleared) and lists the active ones.
 */
export class AlertsEngine {
  private readonly rooms: RoomMap;
  private readonly reports = new ReportTimes();
  private readonly overdue: OverdueAlerts;
  private readonly surge: SurgeAlerts;
  private readonly active = new Map<string, Alert>();
  private readonly maxActive: number;
  private prunedAt = 0;

  constructor(private readonly options: AlertsOptions) {
    const places = new Places(options.city, options.labels);
    this.rooms = new RoomMap(options.city);
    this.maxActive = options.maxActive ?? 2_000;
    this.overdue = new OverdueAlerts({
      groupMin: options.overdueGroupMin ?? 3,
      streetCenter: (street) => places.center(street),
      gridName: (grid) => options.city.nameOf(grid) ?? grid,
    });
    this.surge = new SurgeAlerts(
      { k: options.surgeK ?? 3, min: options.surgeMin ?? 5, zone: options.zone },
      this.reports,
      places,
    );
  }

  /** Past reports for the surge baseline (e.g. the last 8 days from the aggregator at start). */
  seed(cases: Iterable<CaseReport>): void {
    for (const c of cases) this.count(c, this.streetOf(c.gridCode));
  }

  tick(input: AlertsTick): Alert[] {
    const at = DateTime.fromMillis(input.now, { zone: this.options.zone }).toISO({ suppressMilliseconds: true }) ?? '';
    if (input.now - this.prunedAt >= 3_600_000) {
      this.reports.prune(input.now - REPORT_HISTORY_MS);
      this.prunedAt = input.now;
    }
    const candidates: Array<[string, 'grid' | 'street']> = [];
    for (const caseId of input.changed) {
      if (this.reports.has(caseId)) continue;
      const report = input.report(caseId);
      if (report === undefined) continue;
      const street = this.streetOf(report.gridCode);
      if (this.count(report, street)) {
        candidates.push([report.gridCode, 'grid']);
        if (street !== undefined) candidates.push([street, 'street']);
      }
    }
    const passed: CaseItem[] = [];
    for (const caseId of input.passed) {
      const item = input.item(caseId);
      if (item) passed.push(item);
    }
    const transitions = [
      ...this.overdue.settle(input.changed, input.item, at),
      ...this.overdue.raise(passed, at),
      ...this.surge.evaluate(candidates, input.now, at),
    ];
    for (const alert of transitions) {
      if (alert.state === 'raised') this.active.set(alert.id, alert);
      else this.active.delete(alert.id);
    }
    return [...transitions, ...this.evictOldest(at)];
  }

  /** Active alerts shown in a room (about its scope or anything inside it), newest first. */
  activeFor(room: string, limit: number): Alert[] {
    const shown: Alert[] = [];
    for (const alert of [...this.active.values()].reverse()) {
      if (shown.length >= limit) break;
      if (this.rooms.covers(room, alert.scope)) shown.push(alert);
    }
    return shown;
  }

  /** The rooms an alert is pushed to. */
  roomsOf(alert: Alert): string[] {
    return this.rooms.ofScope(alert.scope);
  }

  stats(): { active: number; reports: number } {
    return { active: this.active.size, reports: this.reports.size };
  }

  private streetOf(gridCode: string): string | undefined {
    return this.options.city.parentsOf(gridCode)?.street;
  }

  /** Counts a report in its grid and street; false when it was counted already. */
  private count({ caseId, gridCode, reportedAt }: CaseReport, street: string | undefined): boolean {
    return this.reports.add(caseId, reportedAt, street === undefined ? [gridCode] : [gridCode, street]);
  }

  /** Overdue alerts nobody acts on would pile up forever: the oldest make room, as cleared. */
  private evictOldest(at: string): Alert[] {
    const evicted: Alert[] = [];
    for (const id of this.active.keys()) {
      if (this.active.size <= this.maxActive) break;
      const cleared = this.overdue.clear(id, at);
      if (!cleared) continue;
      this.active.delete(id);
      evicted.push(cleared);
    }
    return evicted;
  }
}
