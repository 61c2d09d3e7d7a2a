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
/** 回退: the department sends the case back as not its own; the centre dispatches it to the street office. */
const RETURN_SHARE = 0.02;
const RETURN_DEPARTMENT = '街道办事处';
/** 延期 of cases that cannot be done in time (Fuzhou's 2022 Q2 bulletin: 0.20 %). */
const EXTEND_SHARE = 0.004;
/** 挂账/缓办: cases that wait on something outside the department, resumed days later. */
const SUSPEND_SHARE = 0.003;
/** 督办 of a case that runs late, and of one on time. */
const URGE_LATE_SHARE = 0.4;
const URGE_SHARE = 0.01;
const URGE_BY = '指挥中心';
/** Field staff per street (inspectors) and per community (safety officers) who report under their own id (定人). */
const INSPECTORS_PER_STREET = 4;
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
  const steps: Step[] = [];
  let last = planned.reportedAt;
  const step = (type: EventType, at: number, department?: string, by?: string): number => {
    // Whole seconds, strictly after the previous step: the ISO form carries seconds only.
    last = Math.max(Math.round(at / 1000) * 1000, last + 1000);
    steps.push({ type, at: last, department, by });
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
  let dispatchedAt = step('dispatched', registeredAt + minutes(6, 0.8, 1), category.department);
  if (rng.chance(RETURN_SHARE)) {
    const returnedAt = step('returned', dispatchedAt + minutes(40, 0.7, 5), category.department);
    dispatchedAt = step('dispatched', returnedAt + minutes(20, 0.7, 3), RETURN_DEPARTMENT);
  }
  let deadline = deadlineAfter(category.limit, registeredAt, calendar);
  const limitMs = deadline - registeredAt;
  const officeBound = category.limit.unit === 'work-hours' || category.limit.unit === 'work-days';
  const inOffice = (at: number): number => (officeBound ? calendar.nextOfficeInstant(at) : at);
  if (rng.chance(SUSPEND_SHARE)) {
    const suspendedAt = step('suspended', dispatchedAt + minutes(120, 0.8, 10));
    dispatchedAt = step('resumed', suspendedAt + minutes(3 * 1440, 0.6, 600));
  }
  if (rng.chance(EXTEND_SHARE) && deadline > dispatchedAt) {
    // Asked for before the deadline: the limit once more.
    step('extended', dispatchedAt + 0.6 * (deadline - dispatchedAt));
    deadline += limitMs;
    steps[steps.length - 1].deadline = deadline;
  }

  const late = rng.chance(category.limit.unit === 'urgent-hours' ? LATE_SHARE_URGENT : LATE_SHARE);
  if (rng.chance(late ? URGE_LATE_SHARE : URGE_SHARE)) {
    step('urged', (late ? Math.max(deadline, dispatchedAt) : dispatchedAt) + minutes(30, 0.8, 5), undefined, URGE_BY);
  }
  const window = deadline - last;
  let handledAt: number;
  if (!late && window > 5 * MINUTE_MS && rng.chance(QUICK_SHARE)) {
    // Field teams on shift: within hours, nights and weekends included.
    const typical = Math.min(0.3 * window, 3 * 60 * MINUTE_MS);
    handledAt = last + Math.min(0.9 * window, Math.max(10 * MINUTE_MS, rng.logNormal(typical, 0.8)));
  } else if (!late && window > 5 * MINUTE_MS) {
    handledAt = inOffice(last + window * (0.05 + 0.9 * rng.next() ** 1.4));
    if (handledAt >= deadline) handledAt = deadline - MINUTE_MS;
  } else {
    handledAt = inOffice(Math.max(deadline, last) + Math.max(10 * MINUTE_MS, rng.logNormal(0.35 * limitMs, 0.8)));
  }
  handledAt = step('handled', handledAt);
  if (rng.chance(REWORK_SHARE)) {
    const reworkedAt = step('reworked', handledAt + minutes(90, 0.6, 10));
    handledAt = step('handled', inOffice(reworkedAt + Math.max(30 * MINUTE_MS, rng.logNormal(0.3 * limitMs, 0.7))));
  }
  step('closed', handledAt + minutes(60, 0.8, 5));
  return toEvents(planned, city, rng, steps);
}

interface Step {
  type: EventType;
  at: number;
  department?: string;
  /** On extended: the new deadline. */
  deadline?: number;
  /** On urged: who urges. */
  by?: string;
}

/** Who reports under their own id: an inspector of the street, or the community's safety officer; others are anonymous. */
function reporterOf(source: PlannedCase['source']['source'], code: string, rng: Random): string | undefined {
  if (source === 'inspector') return `XC${code.slice(0, 9)}${1 + Math.floor(rng.next() * INSPECTORS_PER_STREET)}`;
  if (source === 'safety-officer') return `PA${code.slice(0, 12)}`;
  return undefined;
}

function toEvents(planned: PlannedCase, city: CityGrids, rng: Random, steps: readonly Step[]): TimedEvent[] {
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
  const reporter = reporterOf(source.source, code, rng);
  if (reporter) reported.reporter = reporter;
  const events: TimedEvent[] = [{ at: planned.reportedAt, event: reported }];
  steps.forEach(({ type, at, department, deadline, by }, i) => {
    const event: CaseEvent = { id: `${eventPrefix}-${i + 2}`, caseId, type, at: cityIso(at) };
    if (department) event.department = department;
    if (deadline !== undefined) event.deadline = cityIso(deadline);
    if (by) {
      event.by = by;
      event.note = '请尽快处置并反馈';
    }
    events.push({ at, event });
  });
  return events;
}
