/** Every list of literals of the contract, defined once. */

/**
 * Case lifecycle, in lifecycle order (ties in `at` are broken by this order): a department's
 * return follows the dispatch it returns, an extension or an urge at the instant of a handling
 * comes before it (the handling is judged against the extended deadline), a resumption follows
 * a suspension, and a closure or cancellation ends the case (docs/events.md#event-types).
 */
export const EVENT_TYPES = [
  'reported',
  'registered',
  'dispatched',
  'returned',
  'extended',
  'suspended',
  'resumed',
  'urged',
  'handled',
  'reworked',
  'closed',
  'cancelled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SOURCES = ['inspector', 'hotline', 'video', 'sensor', 'app', 'safety-officer'] as const;
export type Source = (typeof SOURCES)[number];

/** A `commander` reads its scopes like a `leader` and may also urge (督办) their cases. */
export const ROLES = ['ingest', 'wall', 'leader', 'commander', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that may urge (督办) a case of their scopes: the pages offer the button to them only. */
export const URGING_ROLES: readonly Role[] = ['commander', 'admin'];

/** From the top down; a community (社区/村) is the 12-digit level between a street and its grids. */
export const SCOPE_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** A case's status is the type of its last event in order. */
export type CaseStatus = EventType;

/** Day counts (docs/metrics.md#day-counts): cases whose <type>At falls in the day. */
export const DAY_COUNTS = ['reported', 'registered', 'dispatched', 'handled', 'closed', 'cancelled'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

/** Live values, as of now. */
export const LIVE_COUNTS = ['open', 'overdue'] as const;
export type LiveCount = (typeof LIVE_COUNTS)[number];

export const RATES = [
  'handlingRate',
  'onTimeHandlingRate',
  'closureRate',
  'onTimeClosureRate',
  'reworkRate',
] as const;
export type Rate = (typeof RATES)[number];

/** Values a grid can be coloured by on the map (the columns of a grid row after the code). */
export const GRID_VALUES = ['reported', 'open', 'overdue'] as const;
export type GridValue = (typeof GRID_VALUES)[number];

export const ALERT_KINDS = ['overdue', 'surge'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['raised', 'cleared'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** `due-soon` (黄灯): open, not suspended, due within the evaluation's yellow window; `overdue` (红灯). */
export const CASE_LIST_STATUSES = ['open', 'overdue', 'due-soon'] as const;
export type CaseListStatus = (typeof CASE_LIST_STATUSES)[number];

export const LIMIT_UNITS = ['work-hours', 'work-days', 'calendar-days', 'urgent-hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
