import type { CaseItem } from '../../contract';
import type { TabletMessageKey } from './messages-tablet';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DurationText {
  key: TabletMessageKey;
  params: { d: number; h: number; m: number };
}

/** A span of time as days and hours, hours and minutes, or minutes: the two largest units. */
export function durationText(ms: number): DurationText {
  const span = Math.max(0, ms);
  const d = Math.floor(span / DAY);
  const h = Math.floor((span % DAY) / HOUR);
  const m = Math.floor((span % HOUR) / MINUTE);
  const key: TabletMessageKey = d > 0 ? 'tablet.duration.days' : h > 0 ? 'tablet.duration.hours' : 'tablet.duration.minutes';
  return { key, params: { d, h, m } };
}

export interface CaseClock {
  /** Since the report. */
  ageMs: number;
  /** Positive: past the deadline by that much; negative: time left; null: no deadline. */
  overdueMs: number | null;
}

/** How old a case is and how far past (or before) its deadline, at `now`. */
export function caseClock(item: Pick<CaseItem, 'reportedAt' | 'deadline' | 'closedAt'>, now: number): CaseClock {
  const end = item.closedAt ? Date.parse(item.closedAt) : now;
  const deadline = item.deadline ? Date.parse(item.deadline) : Number.NaN;
  return {
    ageMs: Math.max(0, end - Date.parse(item.reportedAt)),
    overdueMs: Number.isNaN(deadline) ? null : end - deadline,
  };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/**
 * `MM-DD HH:MM` of a server time in the city's local digits (the server writes its zone's
 * offset), whatever the zone of the tablet reading it.
 */
export function formatDayTime(iso: string | null): string {
  const match = iso ? LOCAL.exec(iso) : null;
  return match ? `${match[2]}-${match[3]} ${match[4]}:${match[5]}` : '—';
}

export interface Standing {
  key: TabletMessageKey;
  /** How far past or before the deadline; null without a deadline. */
  span: DurationText | null;
  bad: boolean;
}

/** How a case stands against its deadline: overdue by, time left, or no deadline. */
export function standingOf(overdueMs: number | null): Standing {
  if (overdueMs === null) return { key: 'tablet.cases.noDeadline', span: null, bad: false };
  if (overdueMs > 0) return { key: 'tablet.cases.overdueBy', span: durationText(overdueMs), bad: true };
  return { key: 'tablet.cases.dueIn', span: durationText(-overdueMs), bad: false };
}
