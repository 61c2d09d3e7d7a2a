import { EVENT_TYPES, MAJOR_CATEGORIES, MINOR_BY_CODE, SOURCES, type ScopeFigures } from '../../../contract';

/**
 * docs/metrics.md recomputed from scratch over the full event set, written apart from the core and
 * for categories whose limits need no work calendar (urgent hours, calendar days). The zone is
 * Asia/Shanghai, a fixed UTC+8.
 */
export interface SentEvent {
  id: string;
  caseId: string;
  type: (typeof EVENT_TYPES)[number];
  at: string;
  category?: string;
  source?: string;
  gridCode?: string;
  deadline?: string;
  department?: string;
}

export interface NaiveCase {
  grid: string;
  category: string;
  source: string;
  reportedAt: number;
  registeredAt?: number;
  dispatchedAt?: number;
  handledAt?: number;
  closedAt?: number;
  cancelledAt?: number;
  reworked: boolean;
  deadline?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

export const localDay = (ms: number): string => new Date(ms + OFFSET).toISOString().slice(0, 10);
export const localHour = (ms: number): number => new Date(ms + OFFSET).getUTCHours();

/** Each case's derived state: events sorted by time (ties in lifecycle order), nothing after the first closure. */
export function deriveCases(events: readonly SentEvent[]): NaiveCase[] {
  const byCase = new Map<string, SentEvent[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  const cases: NaiveCase[] = [];
  for (const list of byCase.values()) {
    const sorted = [...list].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at) || EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type),
    );
    const report = sorted.find((e) => e.type === 'reported');
    if (!report) continue;
    const c: NaiveCase = {
      grid: report.gridCode ?? '',
      category: report.category ?? '',
      source: report.source ?? '',
      reportedAt: Number.NaN,
      reworked: false,
    };
    let explicit = report.deadline === undefined ? undefined : Date.parse(report.deadline);
    for (const e of sorted) {
      const at = Date.parse(e.at);
      if (e.type === 'reported') c.reportedAt = Number.isNaN(c.reportedAt) ? at : c.reportedAt;
      if (e.type === 'registered') {
        c.registeredAt ??= at;
        if (e.deadline !== undefined) explicit = Date.parse(e.deadline);
      }
      if (e.type === 'dispatched') c.dispatchedAt ??= at;
      if (e.type === 'handled') c.handledAt = at;
      if (e.type === 'reworked') c.reworked = true;
      if (e.type === 'closed') {
        c.closedAt = at;
        break;
      }
      if (e.type === 'cancelled') {
        c.cancelledAt = at;
        break;
      }
    }
    if (c.registeredAt !== undefined) {
      const limit = MINOR_BY_CODE.get(c.category)?.limit;
      if (explicit !== undefined) c.deadline = explicit;
      else if (limit?.unit === 'urgent-hours') c.deadline = c.registeredAt + limit.amount * HOUR;
      else if (limit?.unit === 'calendar-days') c.deadline = c.registeredAt + limit.amount * DAY;
      else throw new Error(`the naive recomputation has no work calendar: ${c.category}`);
    }
    cases.push(c);
  }
  return cases;
}

const isOpen = (c: NaiveCase) => c.closedAt === undefined && c.cancelledAt === undefined;
const inDay = (ms: number | undefined, day: string) => ms !== undefined && localDay(ms) === day;
const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

export function figures(cases: readonly NaiveCase[], day: string, now: number): ScopeFigures {
  const cohort = cases.filter((c) => inDay(c.registeredAt, day));
  const dispatched = cohort.filter((c) => c.dispatchedAt !== undefined);
  const onTime = (at: number | undefined, c: NaiveCase) => at !== undefined && c.deadline !== undefined && at <= c.deadline;
  return {
    reported: count(cases, (c) => inDay(c.reportedAt, day)),
    registered: cohort.length,
    dispatched: count(cases, (c) => inDay(c.dispatchedAt, day)),
    handled: count(cases, (c) => inDay(c.handledAt, day)),
    closed: count(cases, (c) => inDay(c.closedAt, day)),
    cancelled: count(cases, (c) => inDay(c.cancelledAt, day)),
    open: count(cases, isOpen),
    overdue: count(cases, (c) => isOpen(c) && c.deadline !== undefined && c.deadline < now),
    closureRate: rate(count(cohort, (c) => c.closedAt !== undefined), cohort.length),
    onTimeClosureRate: rate(count(cohort, (c) => onTime(c.closedAt, c)), cohort.length),
    handlingRate: rate(count(dispatched, (c) => c.handledAt !== undefined), dispatched.length),
    onTimeHandlingRate: rate(count(dispatched, (c) => onTime(c.handledAt, c)), dispatched.length),
    reworkRate: rate(count(cohort, (c) => c.reworked), cohort.length),
  };
}

/** Linear interpolation between closest ranks, q·(n − 1): the definition the summary's 1% bound refers to. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

export function dayDetails(cases: readonly NaiveCase[], day: string) {
  const reported = cases.filter((c) => inDay(c.reportedAt, day));
  const minutes = cases
    .filter((c) => inDay(c.closedAt, day))
    .map((c) => ((c.closedAt ?? 0) - c.reportedAt) / 60_000)
    .sort((a, b) => a - b);
  return {
    hourly: Array.from({ length: 24 }, (_, h) => count(reported, (c) => localHour(c.reportedAt) === h)),
    byCategory: Object.fromEntries(MAJOR_CATEGORIES.map((m) => [m.code, count(reported, (c) => c.category.startsWith(m.code))])),
    bySource: Object.fromEntries(SOURCES.map((s) => [s, count(reported, (c) => c.source === s)])),
    closeMinutes: { p50: quantile(minutes, 0.5), p90: quantile(minutes, 0.9) },
  };
}
