import { MAJOR_CATEGORIES, SOURCES } from '../../contract';

/**
 * Layout of one scope's figures for one day in an Int32Array row: the six day counts
 * (DAY_COUNTS order), the cohort tallies, 24 hourly report counts, reports by major category
 * and by source.
 */
export const F_COUNTS = 0;
export const F_COHORT = 6;
export const F_HOURLY = F_COHORT + 7;
export const F_MAJOR = F_HOURLY + 24;
export const F_SOURCE = F_MAJOR + MAJOR_CATEGORIES.length;
export const FIELDS = F_SOURCE + SOURCES.length;

/** Cohort tallies (cases registered that day), as bits of a case's cohort mask and offsets from F_COHORT. */
export const C_COHORT = 0;
export const C_CLOSED = 1;
export const C_CLOSED_ON_TIME = 2;
export const C_DISPATCHED = 3;
/** Handled among the dispatched (the numerator of handlingRate, so the rate never exceeds 1). */
export const C_HANDLED = 4;
export const C_HANDLED_ON_TIME = 5;
export const C_REWORKED = 6;
export const COHORT_FIELDS = 7;

/** Which cohort tallies a registered case adds to, from its derived times (docs/metrics.md#rates). */
export function cohortMask(closedAt: number, dispatchedAt: number, handledAt: number, deadline: number, reworked: boolean): number {
  let mask = 1 << C_COHORT;
  if (!Number.isNaN(closedAt)) {
    mask |= 1 << C_CLOSED;
    if (closedAt <= deadline) mask |= 1 << C_CLOSED_ON_TIME;
  }
  if (!Number.isNaN(dispatchedAt)) {
    mask |= 1 << C_DISPATCHED;
    if (!Number.isNaN(handledAt)) {
      mask |= 1 << C_HANDLED;
      if (handledAt <= deadline) mask |= 1 << C_HANDLED_ON_TIME;
    }
  }
  if (reworked) mask |= 1 << C_REWORKED;
  return mask;
}
