import type { CaseEvent, EventType } from '../../contract';
import { deadlineAfter, type WorkCalendar } from '../../contract/work-calendar';
import type { CityGrids } from '../shared/city-grids';
import { cityIso, MINUTE_MS } from '../shared/city-time';
import type { PlannedCase } from './day-plan';
import { SOURCE_ZH } from './profiles';
import { Random } from './random';

/** One event of a case with its time as a number, so queues need not parse ISO strings. */
export interface TimedEvent {
  at: number;
  event: CaseEvent;
}

/** Shares of the lifecycle, as observed in city-management platforms' yearly reports. */
const LATE_SHARE = 0.1;
const LATE_SHARE_URGENT = 0.15;
const REWORK_SHARE = 0.05;
/** Share of in-time cases handled within hours of dispatch rather than spread up to the deadline. */
const QUICK_SHARE = 0.6;

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The whole life of a case, drawn from its own seed: registered within minutes (or cancelled),
 * dispatched to the category's department, handled before the deadline for most, after it
 * for some, sometimes reworked and handled again, then closed after verification.
 */
export function caseLifecycle(planned: PlannedCase, city: CityGrids, calendar: WorkCalendar): TimedEvent[] {
  const rng = new Random(planned.seed);
  const { category, source } = planned;
  const steps: Array<{ type: EventType; at: number; department?: string }> = [];
  let last = planned.reportedAt;
  const step = (type: EventType, at: number, department?: string): number => {
    // Whole seconds, strictly after the previous step: the ISO form carries seconds only.
    last = Math.max(Math.round(at / 1000) * 1000, last + 1000);
    steps.push({ type, at: last, department });
    return last;
  };
  const minutes = (median: number, sigma: number, floor: number): number =>
    Math.max(floor, rng.logNormal(median, sigma)) * MINUTE_MS;

  const reportedAt = planned.reportedAt;
  if (rng.chance(source.cancelShare)) {
    step('cancelled', reportedAt + minutes(source.registerMinutes * 1.5, 0.7, 1));
    return toEvents(planned, city, rng, steps);
  }
  const registeredAt = step('registered', reportedAt + minutes(source.registerMinutes, 0.7, 0.5));
  const dispatchedAt = step('dispatched', registeredAt + minutes(6, 0.8, 1), category.department);
  const deadline = deadlineAfter(category.limit, registeredAt, calendar);
  const limitMs = deadline - registeredAt;
  const officeBound = category.limit.unit === 'work-hours' || category.limit.unit === 'work-days';
  const inOffice = (at: number): number => (officeBound ? calendar.nextOfficeInstant(at) : at);

  const late = rng.chance(category.limit.unit === 'urgent-hours' ? LATE_SHARE_URGENT : LATE_SHARE);
  const window = deadline - dispatchedAt;
  let handledAt: number;
  if (!late && window > 5 * MINUTE_MS && rng.chance(QUICK_SHARE)) {
    // Field teams on shift: within hours, nights and weekends included.
    const typical = Math.min(0.3 * window, 3 * 60 * MINUTE_MS);
    handledAt = dispatchedAt + Math.min(0.9 * window, Math.max(10 * MINUTE_MS, rng.logNormal(typical, 0.8)));
  } else if (!late && window > 5 * MINUTE_MS) {
    handledAt = inOffice(dispatchedAt + window * (0.05 + 0.9 * rng.next() ** 1.4));
    if (handledAt >= deadline) handledAt = deadline - MINUTE_MS;
  } else {
    handledAt = inOffice(Math.max(deadline, dispatchedAt) + Math.max(10 * MINUTE_MS, rng.logNormal(0.35 * limitMs, 0.8)));
  }
  handledAt = step('handled', handledAt);
  if (rng.chance(REWORK_SHARE)) {
    const reworkedAt = step('reworked', handledAt + minutes(90, 0.6, 10));
    handledAt = step('handled', inOffice(reworkedAt + Math.max(30 * MINUTE_MS, rng.logNormal(0.3 * limitMs, 0.7))));
  }
  step('closed', handledAt + minutes(60, 0.8, 5));
  return toEvents(planned, city, rng, steps);
}

function toEvents(
  planned: PlannedCase,
  city: CityGrids,
  rng: Random,
  steps: ReadonlyArray<{ type: EventType; at: number; department?: string }>,
): TimedEvent[] {
  const { caseId, eventPrefix, grid, category, source, hotspot } = planned;
  const code = city.codes[grid];
  const { west, south, dLng, dLat } = city.lattice;
  const street = city.areaNames.get(code.slice(0, 9)) ?? '';
  const place = hotspot ? `${hotspot.kind.zh}周边` : '';
  const reported: CaseEvent = {
    id: `${eventPrefix}-1`,
    caseId,
    type: 'reported',
    at: cityIso(planned.reportedAt),
    category: category.code,
    source: source.source,
    gridCode: code,
    lng: round6(west + (city.col[grid] + 0.1 + 0.8 * rng.next()) * dLng),
    lat: round6(south + (city.row[grid] + 0.1 + 0.8 * rng.next()) * dLat),
    description: `${street}${place}${category.zh}（${SOURCE_ZH[source.source]}上报）`,
  };
  const events: TimedEvent[] = [{ at: planned.reportedAt, event: reported }];
  steps.forEach(({ type, at, department }, i) => {
    const event: CaseEvent = { id: `${eventPrefix}-${i + 2}`, caseId, type, at: cityIso(at) };
    if (department) event.department = department;
    events.push({ at, event });
  });
  return events;
}
