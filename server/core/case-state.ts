import { CANCELLED, CLOSED, DISPATCHED, EXTENDED, HANDLED, REGISTERED, REPORTED, RESUMED, RETURNED, REWORKED, SUSPENDED, URGED } from './catalogue';
import { NONE, textOrder, type EventPool, type ReportedPool } from './event-pool';

/** Slots of DerivedCase.times; 0..5 follow DAY_COUNTS (reported … cancelled). */
export const T_REPORTED = 0;
export const T_REGISTERED = 1;
export const T_DISPATCHED = 2;
export const T_HANDLED = 3;
export const T_CLOSED = 4;
export const T_CANCELLED = 5;
export const T_DEADLINE = 6;
export const T_UPDATED = 7;
export const TIME_SLOTS = 8;

/**
 * A case's state as derived from its events (docs/metrics.md#case-state); NaN marks a time that
 * does not exist.
 */
export class DerivedCase {
  /** False while the case is held: no `reported` event before its closure. */
  counted = false;
  /** ReportedPool row of the `reported` event that defines the case, or NONE. */
  reportRow = NONE;
  grid = NONE;
  category = NONE;
  source = 0;
  readonly times = new Float64Array(TIME_SLOTS).fill(Number.NaN);
  status = 0;
  reworked = false;
  overdue = false;
  /** Department number of the first `dispatched` naming one, or NONE (the category's default then applies). */
  namedDepartment = NONE;
  /** Department the case is counted under: named, else the category's default; NONE until dispatched. */
  department = NONE;
  /** Explicit deadline override, or NaN. */
  explicitDeadline = Number.NaN;
  /**
   * The deadline an extension (延期) moved it to, or NaN. Left NaN by deriveCase, which cannot
   * know the base deadline: resolveExtensions sets it from `extensions`.
   */
  extendedDeadline = Number.NaN;
  /** The extensions at hand, as (at, deadline) pairs, for resolveExtensions. */
  readonly extensions: number[] = [];
  /** Whether the last handling stands: no rework came after it. */
  handledStands = false;
  /** Suspended (挂账/缓办): the last of its suspensions and resumptions is a suspension. */
  suspended = false;
  /** A department returned it (回退) at least once. */
  returned = false;
  /** Urged (督办) at least once. */
  urged = false;

  get open(): boolean {
    return this.counted && Number.isNaN(this.times[T_CLOSED]) && Number.isNaN(this.times[T_CANCELLED]);
  }
}

/** The (time, lifecycle order) key of a case's first closed/cancelled event: nothing after it counts. */
export interface Closure {
  at: number;
  type: number;
}

export function closureOf(events: EventPool, head: number, out: Closure, until = Number.POSITIVE_INFINITY): Closure {
  out.at = Number.POSITIVE_INFINITY;
  out.type = CANCELLED + 1;
  for (let e = head; e !== NONE; e = events.next[e]) {
    const type = events.type[e];
    if (type < CLOSED) continue;
    const at = events.at[e];
    if (at > until) continue;
    if (at < out.at || (at === out.at && type < out.type)) {
      out.at = at;
      out.type = type;
    }
  }
  return out;
}

export function isAfter(at: number, type: number, closure: Closure): boolean {
  return at > closure.at || (at === closure.at && type > closure.type);
}

const closure: Closure = { at: 0, type: 0 };

/**
 * Derives a case's state from all its events in (at, lifecycle order) up to its first closure,
 * so the result does not depend on arrival order. Leaves the deadline and overdue flag to the
 * caller (they need the calendar and the clock). Ties between events of the same type at the
 * same instant are broken by their payloads (never by arrival). With `until`, only the events at
 * or before it count: the case as it stood then.
 */
export function deriveCase(
  events: EventPool,
  reports: ReportedPool,
  departments: readonly string[],
  head: number,
  out: DerivedCase,
  until = Number.POSITIVE_INFINITY,
): void {
  closureOf(events, head, closure, until);
  const times = out.times;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastType = -1;
  let reportRow = NONE;
  let reportedAt = Number.POSITIVE_INFINITY;
  let registeredAt = Number.POSITIVE_INFINITY;
  let dispatchedAt = Number.POSITIVE_INFINITY;
  let handledAt = Number.NEGATIVE_INFINITY;
  let named = NONE;
  let namedAt = Number.POSITIVE_INFINITY;
  let explicit = Number.NaN;
  let explicitAt = Number.NEGATIVE_INFINITY;
  let reworked = false;
  let reworkedAt = Number.NEGATIVE_INFINITY;
  out.extensions.length = 0;
  let pausedAt = Number.NEGATIVE_INFINITY;
  let pausedType = -1;
  let returned = false;
  let urged = false;

  for (let e = head; e !== NONE; e = events.next[e]) {
    const at = events.at[e];
    const type = events.type[e];
    if (at > until || isAfter(at, type, closure)) continue;
    // An extension shows in the status only if it moves the deadline: resolveExtensions decides.
    if (type !== EXTENDED && (at > lastAt || (at === lastAt && type > lastType))) {
      lastAt = at;
      lastType = type;
    }
    const aux = events.aux[e];
    switch (type) {
      case REPORTED:
        if (at < reportedAt || (at === reportedAt && reports.compare(aux, reportRow) < 0)) {
          reportedAt = at;
          reportRow = aux;
        }
        break;
      case REGISTERED:
        if (at < registeredAt) registeredAt = at;
        if (aux !== NONE) {
          const deadline = events.deadlines[aux];
          if (at > explicitAt || (at === explicitAt && deadline > explicit)) {
            explicitAt = at;
            explicit = deadline;
          }
        }
        break;
      case DISPATCHED:
        if (at < dispatchedAt) dispatchedAt = at;
        if (aux !== NONE && (at < namedAt || (at === namedAt && textOrder(departments[aux], departments[named]) < 0))) {
          namedAt = at;
          named = aux;
        }
        break;
      case HANDLED:
        if (at > handledAt) handledAt = at;
        break;
      case REWORKED:
        reworked = true;
        if (at > reworkedAt) reworkedAt = at;
        break;
      case EXTENDED:
        if (aux !== NONE) out.extensions.push(at, events.deadlines[aux]);
        break;
      case SUSPENDED:
      case RESUMED:
        if (at > pausedAt || (at === pausedAt && type > pausedType)) {
          pausedAt = at;
          pausedType = type;
        }
        break;
      case RETURNED:
        returned = true;
        break;
      case URGED:
        urged = true;
        break;
    }
  }

  out.counted = reportRow !== NONE;
  out.reportRow = reportRow;
  out.grid = reportRow === NONE ? NONE : reports.grid[reportRow];
  out.category = reportRow === NONE ? NONE : reports.category[reportRow];
  out.source = reportRow === NONE ? 0 : reports.source[reportRow];
  times[T_REPORTED] = reportRow === NONE ? Number.NaN : reportedAt;
  times[T_REGISTERED] = registeredAt === Number.POSITIVE_INFINITY ? Number.NaN : registeredAt;
  times[T_DISPATCHED] = dispatchedAt === Number.POSITIVE_INFINITY ? Number.NaN : dispatchedAt;
  times[T_HANDLED] = handledAt === Number.NEGATIVE_INFINITY ? Number.NaN : handledAt;
  times[T_CLOSED] = closure.type === CLOSED ? closure.at : Number.NaN;
  times[T_CANCELLED] = closure.type === CANCELLED ? closure.at : Number.NaN;
  times[T_DEADLINE] = Number.NaN;
  times[T_UPDATED] = lastAt;
  out.status = lastType;
  out.reworked = reworked;
  // A rework at the instant of a handling comes after it in lifecycle order: the handling does not stand.
  out.handledStands = handledAt !== Number.NEGATIVE_INFINITY && handledAt > reworkedAt;
  out.extendedDeadline = Number.NaN;
  out.suspended = pausedType === SUSPENDED;
  out.returned = returned;
  out.urged = urged;
  out.overdue = false;
  out.namedDepartment = named;
  out.department = NONE;
  // The registered override is later in lifecycle order than the report's, so it wins unless it came earlier.
  const reportedDeadline = reportRow === NONE ? Number.NaN : reports.deadline[reportRow];
  out.explicitDeadline =
    !Number.isNaN(explicit) && (Number.isNaN(reportedDeadline) || explicitAt >= reportedAt) ? explicit : reportedDeadline;
}

/**
 * Applies a derived case's extensions given its base deadline (docs/metrics.md#deadline): those
 * later than it move the deadline to the latest of them and count as the case's last event when
 * they are; one that is not later changes nothing, so whether it was refused at the ingest or
 * arrived before the registration that made it pointless, the state is the same.
 */
export function resolveExtensions(state: DerivedCase, base: number): void {
  const { extensions, times } = state;
  let deadline = Number.NaN;
  for (let i = 0; i < extensions.length; i += 2) {
    const at = extensions[i];
    const moved = extensions[i + 1];
    if (!(moved > base)) continue;
    if (!(moved <= deadline)) deadline = moved;
    if (at > times[T_UPDATED] || (at === times[T_UPDATED] && EXTENDED > state.status)) {
      times[T_UPDATED] = at;
      state.status = EXTENDED;
    }
  }
  state.extendedDeadline = deadline;
}
