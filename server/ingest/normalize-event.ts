import { MINOR_BY_CODE, type CaseEvent } from '../../contract';
import { blankRecord, type CaseEventRecord } from '../core/case-event-record';
import type { CityIndex } from '../core/city-index';
import { gridOfPlace } from '../core/event-check';
import { parseIsoTime } from './iso-time';
import { EventRejection } from './reject-reason';

/** How far ahead of the server clock an event time may be (clock skew of field devices). */
export const MAX_FUTURE_MS = 5 * 60_000;

const reject = (reason: EventRejection['reason'], problem: string) => new EventRejection(reason, problem);

function coordinates(lng: number, lat: number): string {
  return `(lng ${lng}, lat ${lat})`;
}

/** Why a report that gridOfPlace cannot place is refused. */
function unplaced(event: CaseEvent, city: CityIndex): EventRejection {
  const { gridCode, lng, lat } = event;
  if (gridCode !== undefined) return reject('grid', `unknown grid code ${gridCode}: ${city.name} has no such grid`);
  if (lng === undefined || lat === undefined) return reject('location', 'a `reported` event needs `gridCode` or `lng` and `lat`');
  return reject('location', `point ${coordinates(lng, lat)} is outside every grid of ${city.name}`);
}

/** Where a `reported` case is (placed by the core's rule): its grid (code and index) and point, or why it cannot be placed. */
function place(event: CaseEvent, city: CityIndex): EventRejection | { grid: number; gridCode: string; lng: number; lat: number } {
  const { lng, lat } = event;
  if ((lng === undefined) !== (lat === undefined)) {
    return reject('location', `fields \`lng\` and \`lat\` go together; only \`${lng === undefined ? 'lat' : 'lng'}\` is given`);
  }
  const grid = gridOfPlace(city, event.gridCode, lng, lat);
  if (grid === undefined) return unplaced(event, city);
  // A report placed by its grid code alone is shown at the grid's centre.
  const [pointLng, pointLat] = lng !== undefined && lat !== undefined ? [lng, lat] : city.centerAt(grid);
  return { grid, gridCode: city.gridCodeAt(grid), lng: pointLng, lat: pointLat };
}

/**
 * Turns a schema-valid event into the record the log stores and the core folds in, or the
 * reason it cannot be accepted. Fields the contract ignores on an event's type are dropped
 * (docs/events.md#the-stored-record).
 */
export function normalizeEvent(event: CaseEvent, city: CityIndex, now: number): CaseEventRecord | EventRejection {
  const at = parseIsoTime(event.at);
  if (!at.ok) return reject('time', `field \`at\` ${at.problem}`);
  if (at.ms > now + MAX_FUTURE_MS) {
    return reject(
      'future',
      `field \`at\` (${event.at}) is more than 5 minutes ahead of the server clock (${new Date(now).toISOString()})`,
    );
  }
  const record = blankRecord();
  record.id = event.id;
  record.caseId = event.caseId;
  record.type = event.type;
  record.at = at.ms;
  if (event.type === 'extended' && event.deadline === undefined) return reject('deadline', 'an `extended` event needs the new `deadline`');
  if (event.type === 'reported' || event.type === 'registered' || event.type === 'extended') {
    if (event.deadline !== undefined) {
      const deadline = parseIsoTime(event.deadline);
      if (!deadline.ok) return reject('deadline', `field \`deadline\` ${deadline.problem}`);
      record.deadline = deadline.ms;
    }
  }
  if ((event.type === 'dispatched' || event.type === 'returned') && event.department !== undefined) record.department = event.department;
  if (event.type === 'urged') {
    record.note = event.note;
    record.by = event.by;
  }
  if (event.type !== 'reported') return record;

  if (event.category === undefined) return reject('category', 'a `reported` event needs `category`');
  if (!MINOR_BY_CODE.has(event.category)) {
    return reject('category', `unknown category ${event.category}: see GET /api/v1/categories for the catalogue`);
  }
  if (event.source === undefined) return reject('schema', 'a `reported` event needs `source`');
  const where = place(event, city);
  if (where instanceof EventRejection) return where;
  record.category = event.category;
  record.source = event.source;
  record.gridCode = where.gridCode;
  record.grid = where.grid;
  record.lng = where.lng;
  record.lat = where.lat;
  record.description = event.description;
  record.reporter = event.reporter;
  return record;
}
