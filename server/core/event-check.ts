import { MINOR_BY_CODE, SOURCES } from '../../contract';
import type { CaseEventRecord } from './case-event-record';
import { T_DEADLINE, closureOf, isAfter, type Closure } from './case-state';
import type { CaseStore } from './case-store';
import { CANCELLED, EXTENDED, REPORTED, TYPE_CODE } from './catalogue';
import type { CityIndex } from './city-index';
import type { EvictedCases } from './evicted-cases';
import type { EventPool } from './event-pool';
import type { LocalTime } from './local-time';

/**
 * Where a report is placed (the ingest's rule as much as the core's): the grid of its grid code
 * when it has one (a point given with it is where in the grid, not checked against it), else the
 * grid containing its point; undefined when neither is a grid of the city.
 */
export function gridOfPlace(city: CityIndex, gridCode: string | undefined, lng: number | undefined, lat: number | undefined): number | undefined {
  if (gridCode !== undefined) return city.gridIndex(gridCode);
  if (lng === undefined || lat === undefined) return undefined;
  return city.locateIndex(lng, lat);
}

/** Grid index of a report: as resolved by the ingest, else placed by its grid code or point. */
export function gridOfEvent(city: CityIndex, event: CaseEventRecord): number | undefined {
  return event.grid ?? gridOfPlace(city, event.gridCode, event.lng, event.lat);
}

const closure: Closure = { at: 0, type: 0 };

/**
 * Why an event cannot be accepted: a report the city or the catalogue cannot place, any event
 * after its case's closure or cancellation (refusing those keeps the figures independent of
 * arrival order: whatever arrives after a closure would be ignored anyway;
 * docs/events.md#order-holding-and-closure), or an extension that would not move the case's
 * deadline later. A case no longer held (closed before the retained
 * window) is judged by the closure and deadline kept when it was forgotten, as it was before.
 */
export function refusalOf(
  event: CaseEventRecord,
  city: CityIndex,
  store: CaseStore,
  events: EventPool,
  time: LocalTime,
  evicted?: EvictedCases,
): string | undefined {
  const type = TYPE_CODE[event.type];
  if (type === undefined) return `event ${event.id}: unknown type "${event.type}"`;
  if (!Number.isFinite(event.at)) return `event ${event.id}: its time is not a valid instant`;
  if (type === REPORTED) {
    if (gridOfEvent(city, event) === undefined) return `event ${event.id}: grid "${event.gridCode ?? ''}" is not a grid of ${city.name}`;
    if (!event.category || !MINOR_BY_CODE.has(event.category)) return `event ${event.id}: category "${event.category ?? ''}" is not in the catalogue`;
    if (!event.source || !SOURCES.includes(event.source)) return `event ${event.id}: source "${event.source ?? ''}" is not one of ${SOURCES.join(', ')}`;
  }
  const n = store.numberOf(event.caseId);
  let deadline: number;
  if (n !== undefined) {
    closureOf(events, store.head[n], closure);
    // Refused only against the deadline before any extension: whatever arrives in whatever order,
    // an extension not later than that changes nothing (resolveExtensions), refused or not.
    deadline = store.isCounted(n) && !store.isExtended(n) ? store.time(n, T_DEADLINE) : Number.NaN;
  } else {
    const gone = evicted?.find(event.caseId);
    if (gone === undefined) return undefined;
    closure.at = gone.closedAt;
    closure.type = gone.closure;
    deadline = gone.deadline;
  }
  if (closure.at !== Number.POSITIVE_INFINITY && isAfter(event.at, type, closure)) {
    const [verb, noun] = closure.type === CANCELLED ? ['cancelled', 'cancellation'] : ['closed', 'closure'];
    return `case ${event.caseId} was ${verb} at ${time.iso(closure.at)}; no events after ${noun}`;
  }
  if (type === EXTENDED && event.deadline !== undefined && event.deadline <= deadline) {
    return `case ${event.caseId}: an extension must move its deadline later than ${time.iso(deadline)}, not to ${time.iso(event.deadline)}`;
  }
  return undefined;
}
