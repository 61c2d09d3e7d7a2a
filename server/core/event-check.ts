import { MINOR_BY_CODE, SOURCES } from '../../contract';
import type { CaseEventRecord } from './case-event-record';
import { closureOf, isAfter, type Closure } from './case-state';
import type { CaseStore } from './case-store';
import { CANCELLED, REPORTED, TYPE_CODE } from './catalogue';
import type { CityIndex } from './city-index';
import type { EventPool } from './event-pool';
import type { LocalTime } from './local-time';

/** Grid index of a report: as resolved by the ingest, else that of its grid code, else the grid containing its point. */
export function gridOfEvent(city: CityIndex, event: CaseEventRecord): number | undefined {
  if (event.grid !== undefined) return event.grid;
  if (event.gridCode !== undefined) return city.gridIndex(event.gridCode);
  if (event.lng === undefined || event.lat === undefined) return undefined;
  const code = city.locate(event.lng, event.lat);
  return code === undefined ? undefined : city.gridIndex(code);
}

const closure: Closure = { at: 0, type: 0 };

/**
 * Why an event cannot be accepted: a report the city or the catalogue cannot place, or any event
 * after its case's closure or cancellation (refusing those keeps the figures independent of
 * arrival order: whatever arrives after a closure would be ignored anyway;
 * docs/events.md#order-holding-and-closure).
 */
export function refusalOf(
  event: CaseEventRecord,
  city: CityIndex,
  store: CaseStore,
  events: EventPool,
  time: LocalTime,
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
  if (n === undefined) return undefined;
  closureOf(events, store.head[n], closure);
  if (closure.at === Number.POSITIVE_INFINITY || !isAfter(event.at, type, closure)) return undefined;
  const [verb, noun] = closure.type === CANCELLED ? ['cancelled', 'cancellation'] : ['closed', 'closure'];
  return `case ${event.caseId} was ${verb} at ${time.iso(closure.at)}; no events after ${noun}`;
}
