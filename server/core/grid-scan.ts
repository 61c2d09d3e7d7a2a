import { MAJOR_OF_MINOR } from './catalogue';
import { T_CANCELLED, T_CLOSED, T_DEADLINE, T_DISPATCHED, T_HANDLED, T_REGISTERED, T_REPORTED, TIME_SLOTS } from './case-state';
import type { CaseStore } from './case-store';
import { NONE, type ReportedPool } from './event-pool';
import { COHORT_FIELDS, F_COHORT, F_COUNTS, F_HOURLY, F_MAJOR, F_SOURCE, FIELDS, cohortMask } from './figure-layout';
import type { LocalTime } from './local-time';

/**
 * A grid's figures for a day that keeps no grid rows (past days), recomputed from the grid's
 * case list by the definitions: O(cases of the grid), exact.
 */
export function scanGridDay(
  store: CaseStore,
  reports: ReportedPool,
  time: LocalTime,
  grid: number,
  day: number,
  out: Int32Array = new Int32Array(FIELDS),
): Int32Array {
  out.fill(0);
  const start = time.dayStart(day);
  const end = time.dayStart(day + 1);
  const t = store.times;
  for (let n = store.gridHead[grid]; n !== NONE; n = store.gridNext[n]) {
    const base = n * TIME_SLOTS;
    const reportedAt = t[base + T_REPORTED];
    if (reportedAt >= start && reportedAt < end) {
      const reportRow = store.reportRow[n];
      const category = reports.category[reportRow];
      out[F_HOURLY + time.hourOf(reportedAt)] += 1;
      if (category !== NONE) out[F_MAJOR + MAJOR_OF_MINOR[category]] += 1;
      out[F_SOURCE + reports.source[reportRow]] += 1;
    }
    for (let k = T_REPORTED; k <= T_CANCELLED; k += 1) {
      const at = t[base + k];
      if (at >= start && at < end) out[F_COUNTS + k] += 1;
    }
    const registeredAt = t[base + T_REGISTERED];
    if (registeredAt >= start && registeredAt < end) {
      const mask = cohortMask(t[base + T_CLOSED], t[base + T_DISPATCHED], t[base + T_HANDLED], t[base + T_DEADLINE], store.isReworked(n));
      for (let bit = 0; bit < COHORT_FIELDS; bit += 1) if (mask & (1 << bit)) out[F_COHORT + bit] += 1;
    }
  }
  return out;
}
