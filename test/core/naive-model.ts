import { DateTime } from 'luxon';
import {
  EVENT_TYPES,
  MAJOR_CATEGORIES,
  MINOR_BY_CODE,
  SOURCES,
  majorOf,
  type DepartmentRow,
  type EventType,
  type ScopeFigures,
} from '../../contract';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import type { CityIndex } from '../../server/core/city-index';
import { deadlineAfter, type WorkCalendar } from '../../contract/work-calendar';

/**
 * The metric definitions of docs/metrics.md recomputed from scratch, from the full event set, the
 * slow obvious way. Deadlines from the catalogue reuse the calendar (tested on its own by tables).
 */
export interface NaiveCase {
  caseId: string;
  grid: string;
  category: string;
  source: string;
  reportedAt: number;
  registeredAt?: number;
  dispatchedAt?: number;
  handledAt?: number;
  closedAt?: number;
  cancelledAt?: number;
  deadline?: number;
  department?: string;
  reworked: boolean;
  /** The last of its suspensions and resumptions is a suspension. */
  suspended: boolean;
  urged: boolean;
  status: EventType;
  updatedAt: number;
}

const order = (type: EventType) => EVENT_TYPES.indexOf(type);

export function naiveCases(events: readonly CaseEventRecord[], calendar: WorkCalendar): NaiveCase[] {
  const byCase = new Map<string, CaseEventRecord[]>();
  for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  const cases: NaiveCase[] = [];
  for (const [caseId, all] of byCase) {
    const sorted = [...all].sort((a, b) => a.at - b.at || order(a.type) - order(b.type));
    const end = sorted.findIndex((e) => e.type === 'closed' || e.type === 'cancelled');
    const kept = end < 0 ? sorted : sorted.slice(0, end + 1);
    const reported = kept.find((e) => e.type === 'reported');
    if (!reported || !reported.gridCode || !reported.category || !reported.source) continue;
    const first = (type: EventType) => kept.find((e) => e.type === type)?.at;
    const handled = kept.filter((e) => e.type === 'handled');
    const registeredAt = first('registered');
    const dispatchedAt = first('dispatched');
    const overrides = kept.filter((e) => (e === reported || e.type === 'registered') && e.deadline !== undefined);
    const override = overrides.sort((a, b) => a.at - b.at || order(a.type) - order(b.type) || (a.deadline ?? 0) - (b.deadline ?? 0)).pop();
    const minor = MINOR_BY_CODE.get(reported.category);
    let deadline: number | undefined;
    if (registeredAt !== undefined) deadline = override?.deadline ?? (minor ? deadlineAfter(minor.limit, registeredAt, calendar) : undefined);
    // An extension applies when it is later than the deadline in force: the latest one asked wins.
    // One that is not later than the deadline it extends changes nothing, not even the last event.
    const base = deadline;
    const moves = (e: CaseEventRecord) => base !== undefined && e.deadline !== undefined && e.deadline > base;
    for (const extension of kept.filter((e) => e.type === 'extended' && e.deadline !== undefined)) {
      if (deadline !== undefined && (extension.deadline ?? 0) > deadline) deadline = extension.deadline;
    }
    const shown = kept.filter((e) => e.type !== 'extended' || moves(e));
    const last = shown[shown.length - 1];
    const pauses = kept.filter((e) => e.type === 'suspended' || e.type === 'resumed');
    const named = kept
      .filter((e) => e.type === 'dispatched' && e.department)
      .sort((a, b) => a.at - b.at || ((a.department ?? '') < (b.department ?? '') ? -1 : 1))[0];
    cases.push({
      caseId,
      grid: reported.gridCode,
      category: reported.category,
      source: reported.source,
      reportedAt: reported.at,
      registeredAt,
      dispatchedAt,
      handledAt: handled.length ? handled[handled.length - 1].at : undefined,
      closedAt: last.type === 'closed' ? last.at : undefined,
      cancelledAt: last.type === 'cancelled' ? last.at : undefined,
      deadline,
      department: dispatchedAt === undefined ? undefined : (named?.department ?? minor?.department),
      reworked: kept.some((e) => e.type === 'reworked'),
      suspended: pauses.length > 0 && pauses[pauses.length - 1].type === 'suspended',
      urged: kept.some((e) => e.type === 'urged'),
      status: last.type,
      updatedAt: last.at,
    });
  }
  return cases;
}

export class NaiveCity {
  constructor(
    private readonly city: CityIndex,
    private readonly cases: NaiveCase[],
    private readonly zone: string,
    private readonly now: number,
  ) {}

  dateOf(ms: number | undefined): string | undefined {
    return ms === undefined ? undefined : (DateTime.fromMillis(ms, { zone: this.zone }).toISODate() ?? undefined);
  }

  inScope(c: NaiveCase, scope: string): boolean {
    const parents = this.city.parentsOf(c.grid);
    return scope === 'city' || scope === c.grid || scope === parents?.community || scope === parents?.street || scope === parents?.district;
  }

  isOpen(c: NaiveCase): boolean {
    return c.closedAt === undefined && c.cancelledAt === undefined;
  }

  isOverdue(c: NaiveCase): boolean {
    return this.isOpen(c) && !c.suspended && c.deadline !== undefined && c.deadline < this.now;
  }

  figures(scope: string, date: string): ScopeFigures {
    const mine = this.cases.filter((c) => this.inScope(c, scope));
    const on = (ms: number | undefined) => this.dateOf(ms) === date;
    const cohort = mine.filter((c) => on(c.registeredAt));
    const dispatched = cohort.filter((c) => c.dispatchedAt !== undefined);
    const handled = dispatched.filter((c) => c.handledAt !== undefined);
    const late = (at: number | undefined, c: NaiveCase) => at === undefined || c.deadline === undefined || at > c.deadline;
    const rate = (n: number, d: number) => (d === 0 ? null : n / d);
    return {
      reported: mine.filter((c) => on(c.reportedAt)).length,
      registered: cohort.length,
      dispatched: mine.filter((c) => on(c.dispatchedAt)).length,
      handled: mine.filter((c) => on(c.handledAt)).length,
      closed: mine.filter((c) => on(c.closedAt)).length,
      cancelled: mine.filter((c) => on(c.cancelledAt)).length,
      open: mine.filter((c) => this.isOpen(c)).length,
      overdue: mine.filter((c) => this.isOverdue(c)).length,
      closureRate: rate(cohort.filter((c) => c.closedAt !== undefined).length, cohort.length),
      onTimeClosureRate: rate(cohort.filter((c) => !late(c.closedAt, c)).length, cohort.length),
      handlingRate: rate(handled.length, dispatched.length),
      onTimeHandlingRate: rate(handled.filter((c) => !late(c.handledAt, c)).length, dispatched.length),
      reworkRate: rate(cohort.filter((c) => c.reworked).length, cohort.length),
    };
  }

  details(scope: string, date: string) {
    const reported = this.cases.filter((c) => this.inScope(c, scope) && this.dateOf(c.reportedAt) === date);
    const hourly = new Array<number>(24).fill(0);
    for (const c of reported) hourly[DateTime.fromMillis(c.reportedAt, { zone: this.zone }).hour] += 1;
    const byCategory = Object.fromEntries(MAJOR_CATEGORIES.map((m) => [m.code, reported.filter((c) => majorOf(c.category) === m.code).length]));
    const bySource = Object.fromEntries(SOURCES.map((s) => [s, reported.filter((c) => c.source === s).length]));
    const minutes = this.cases
      .filter((c) => this.inScope(c, scope) && this.dateOf(c.closedAt) === date)
      .map((c) => ((c.closedAt ?? 0) - c.reportedAt) / 60_000)
      .sort((a, b) => a - b);
    return { hourly, byCategory, bySource, closeMinutes: { p50: quantile(minutes, 0.5), p90: quantile(minutes, 0.9) } };
  }

  reportedOn(grid: string, date: string): number {
    return this.cases.filter((c) => c.grid === grid && this.dateOf(c.reportedAt) === date).length;
  }

  departments(date: string): Array<Omit<DepartmentRow, 'score'>> {
    const rows = new Map<string, Omit<DepartmentRow, 'score'>>();
    for (const c of this.cases) {
      if (c.department === undefined || this.dateOf(c.dispatchedAt) !== date) continue;
      const row = rows.get(c.department) ?? { department: c.department, dispatched: 0, handled: 0, onTime: 0, reworked: 0, overdue: 0, urged: 0 };
      row.dispatched += 1;
      if (c.handledAt !== undefined) row.handled += 1;
      if (c.handledAt !== undefined && c.deadline !== undefined && c.handledAt <= c.deadline) row.onTime += 1;
      if (c.reworked) row.reworked += 1;
      if (this.isOverdue(c)) row.overdue += 1;
      if (c.urged) row.urged += 1;
      rows.set(c.department, row);
    }
    return [...rows.values()].sort((a, b) => (a.department < b.department ? -1 : 1));
  }
}

/** Nearest-ranks linear interpolation, the textbook "type 7" quantile. */
function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.ceil(h)] ?? sorted[lo]) - sorted[lo]);
}
