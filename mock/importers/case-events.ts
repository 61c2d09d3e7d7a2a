import { EVENT_TYPES, type CaseEvent, type EventType } from '../../contract';
import { addDays, cityDay, cityDayStart, cityIso, DAY_MS } from '../shared/city-time';
import type { ImportedCase } from './convert';
import type { Placement } from './district-projection';
import type { FormatName } from './source-row';

/** An event to send, with its instant and the source line it came from. */
export interface ImportEvent {
  at: number;
  line: number;
  event: CaseEvent;
}

/**
 * The contract events of an imported case: created → reported and registered at the same
 * instant, closed → closed, cancelled/duplicate → cancelled. Ids derive from the source id,
 * so importing the same file twice sends duplicates, never new cases.
 */
export function caseEvents(c: ImportedCase, placement: Placement, format: FormatName, shiftMs: number): ImportEvent[] {
  const caseId = `${format.toUpperCase()}-${c.sourceId}`;
  const make = (type: EventType, at: number): ImportEvent => ({
    at: at + shiftMs,
    line: c.line,
    event: { id: `${format}-${c.sourceId}-${type}`, caseId, type, at: cityIso(at + shiftMs) },
  });
  const reported = make('reported', c.createdAt);
  Object.assign(reported.event, {
    category: c.category,
    source: c.source,
    ...(placement.gridCode ? { gridCode: placement.gridCode } : {}),
    lng: placement.lng,
    lat: placement.lat,
    ...(c.description ? { description: c.description } : {}),
  });
  const events = [reported, make('registered', c.createdAt)];
  if (c.outcome !== 'open' && c.endedAt !== undefined) events.push(make(c.outcome, c.endedAt));
  return events;
}

const lifecycleRank = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));

/** Event-time order; ties keep the lifecycle order and then the file order. */
export function byEventTime(a: ImportEvent, b: ImportEvent): number {
  return a.at - b.at || a.line - b.line || (lifecycleRank.get(a.event.type) ?? 0) - (lifecycleRank.get(b.event.type) ?? 0);
}

export interface Rebase {
  /** First and last local day of the cases' creation in the city's zone, before shifting. */
  firstDay: string;
  lastDay: string;
  days: number;
  ms: number;
}

/** Whole days that move the data's first day onto `to` (YYYY-MM-DD); none without `to`. */
export function rebase(cases: readonly ImportedCase[], to?: string): Rebase {
  let first = Infinity;
  let last = -Infinity;
  for (const c of cases) {
    first = Math.min(first, c.createdAt);
    last = Math.max(last, c.createdAt);
  }
  const firstDay = Number.isFinite(first) ? cityDay(first) : cityDay(Date.now());
  const lastDay = Number.isFinite(last) ? cityDay(last) : firstDay;
  if (to === undefined) return { firstDay, lastDay, days: 0, ms: 0 };
  const days = Math.round((cityDayStart(to) - cityDayStart(firstDay)) / DAY_MS);
  return { firstDay, lastDay, days, ms: days * DAY_MS };
}

/** The --rebase-to that makes the data's last creation day today. */
export function rebaseEndingToday(shift: Rebase, now: number): string {
  const span = Math.round((cityDayStart(shift.lastDay) - cityDayStart(shift.firstDay)) / DAY_MS);
  return addDays(cityDay(now), -span);
}

/**
 * Why the import would lose rows to the server's retention window, or undefined when it
 * would not: rows created before the oldest retained day would be rejected one by one.
 */
export function retentionProblem(cases: readonly ImportedCase[], shift: Rebase, now: number, retentionDays: number): string | undefined {
  const today = cityDay(now);
  const oldestDay = addDays(today, -(retentionDays - 1));
  const cutoff = cityDayStart(oldestDay);
  const old = cases.filter((c) => c.createdAt + shift.ms < cutoff);
  if (old.length === 0) return undefined;
  const first = cityDay(old.reduce((min, c) => Math.min(min, c.createdAt + shift.ms), Infinity));
  const ending = rebaseEndingToday(shift, now);
  const hint =
    ending >= oldestDay
      ? `e.g. --rebase-to ${ending} (the data then ends today)`
      : `e.g. --rebase-to ${oldestDay}; the data spans more than the window, so its later part will lie in the future`;
  return (
    `${old.length.toLocaleString('en-US')} rows from ${first} on are older than the retention window ` +
    `(${retentionDays} days: ${oldestDay} to ${today}); the server would reject them. ` +
    `Use --rebase-to DATE to move the data into the window, ${hint}`
  );
}
