import type { CaseIndex } from './case-index';
import { reindexCases } from './case-indexes';
import { T_CLOSED, T_DEADLINE } from './case-state';
import type { CaseStore } from './case-store';
import { CANCELLED, CLOSED, EXTENDED, REGISTERED, REPORTED } from './catalogue';
import type { ChangeLog } from './change-log';
import type { DayTables } from './day-table';
import type { EvictedCase } from './evicted-cases';
import { NONE, type EventPool, type ReportedPool } from './event-pool';
import type { OverdueQueue } from './overdue-queue';
import { Tombstones } from './tombstones';

/** What a compaction rewrites: every structure that holds case, event or report numbers. */
export interface EvictionParts {
  events: EventPool;
  reports: ReportedPool;
  store: CaseStore;
  index: CaseIndex;
  queue: OverdueQueue;
  days: DayTables;
  changes: ChangeLog;
}

/**
 * Forgets the cases closed or cancelled before `horizon` (docs/storage.md#bounded-memory), when
 * they are at least `minShare` of the cases held: `keep` hears of them first, then their rows,
 * events and reports are dropped and everything after them closes up, renumbered in order (so
 * every order among the cases held stays as it was). Returns how many were forgotten.
 */
export function evictClosedBefore(parts: EvictionParts, horizon: number, minShare: number, keep: (cases: EvictedCase[]) => void): number {
  const { events, reports, store } = parts;
  const newNumber = new Int32Array(store.size);
  const gone: EvictedCase[] = [];
  let kept = 0;
  for (let n = 0; n < store.size; n += 1) {
    const closedAt = store.closedAt(n);
    if (closedAt < horizon) {
      newNumber[n] = NONE;
      const closed = store.time(n, T_CLOSED);
      gone.push({ caseId: store.caseIds[n], closedAt, closure: !Number.isNaN(closed) ? CLOSED : CANCELLED, deadline: store.isCounted(n) && !store.isExtended(n) ? store.time(n, T_DEADLINE) : Number.NaN });
    } else newNumber[n] = kept++;
  }
  if (gone.length === 0 || gone.length < minShare * store.size) return 0;
  keep(gone);

  const deadEvents = new Tombstones(events.size);
  const deadReports = new Tombstones(reports.size);
  const deadDeadlines = new Tombstones(events.deadlineCount);
  for (let n = 0; n < store.size; n += 1) {
    if (newNumber[n] !== NONE) continue;
    for (let e = store.head[n]; e !== NONE; e = events.next[e]) {
      deadEvents.mark(e);
      const aux = events.aux[e];
      if (aux === NONE) continue;
      const type = events.type[e];
      if (type === REPORTED) deadReports.mark(aux);
      else if (type === REGISTERED || type === EXTENDED) deadDeadlines.mark(aux);
    }
  }
  deadEvents.seal();
  deadReports.seal();
  deadDeadlines.seal();

  compactEvents(events, deadEvents, deadReports, deadDeadlines);
  compactReports(reports, deadReports);
  store.compact(newNumber, kept);
  for (let n = 0; n < kept; n += 1) {
    store.head[n] = deadEvents.rank(store.head[n]);
    if (store.reportRow[n] !== NONE) store.reportRow[n] = deadReports.rank(store.reportRow[n]);
  }
  parts.days.renumber(newNumber);
  parts.changes.renumber(newNumber);
  reindexCases(store, parts.index, parts.queue);
  return gone.length;
}

function compactEvents(events: EventPool, dead: Tombstones, deadReports: Tombstones, deadDeadlines: Tombstones): void {
  const { at, type, next, aux } = events;
  let w = 0;
  for (let e = 0; e < events.size; e += 1) {
    if (dead.isDead(e)) continue;
    const kind = type[e];
    const a = aux[e];
    at[w] = at[e];
    type[w] = kind;
    next[w] = next[e] === NONE ? NONE : dead.rank(next[e]);
    aux[w] = a === NONE ? NONE : kind === REPORTED ? deadReports.rank(a) : kind === REGISTERED || kind === EXTENDED ? deadDeadlines.rank(a) : a;
    w += 1;
  }
  events.size = w;
  let d = 0;
  for (let i = 0; i < events.deadlineCount; i += 1) if (!deadDeadlines.isDead(i)) events.deadlines[d++] = events.deadlines[i];
  events.deadlineCount = d;
}

function compactReports(reports: ReportedPool, dead: Tombstones): void {
  const { grid, category, source, lng, lat, deadline, reporter } = reports;
  const descriptions = new Map<number, string>();
  let w = 0;
  for (let r = 0; r < reports.size; r += 1) {
    if (dead.isDead(r)) continue;
    grid[w] = grid[r];
    category[w] = category[r];
    source[w] = source[r];
    lng[w] = lng[r];
    lat[w] = lat[r];
    deadline[w] = deadline[r];
    reporter[w] = reporter[r];
    const description = reports.descriptions.get(r);
    if (description !== undefined) descriptions.set(w, description);
    w += 1;
  }
  reports.size = w;
  reports.descriptions = descriptions;
}
