import type { TopicItem } from '../../contract';
import { MAJOR_CATEGORIES, MINOR_CATEGORIES, majorOf } from '../../contract';
import { T_CLOSED, T_DEADLINE, T_DISPATCHED, T_HANDLED, T_REGISTERED, T_REPORTED } from './case-state';
import type { CaseStore } from './case-store';
import { NONE, type ReportedPool } from './event-pool';
import { C_DISPATCHED, C_HANDLED, cohortMask } from './figure-layout';

/**
 * A special topic (专项) of a scope for a day: each minor category of one family (a major
 * category, e.g. E.06 非法金融活动) with its reports and its handling rate (处置率), by the
 * definitions of the day figures (docs/metrics.md#topics). Recounted from the cases of the
 * scope's grids: the day tables keep figures by major category only.
 */
export function scanTopic(store: CaseStore, reports: ReportedPool, grids: ArrayLike<number>, major: string, from: number, to: number): TopicItem[] {
  const minors = MINOR_CATEGORIES.flatMap((c, index) => (majorOf(c.code) === major ? [index] : []));
  const slot = new Map(minors.map((index, i) => [index, i]));
  const items: TopicItem[] = minors.map((index) => ({
    code: MINOR_CATEGORIES[index].code,
    name: MINOR_CATEGORIES[index].zh,
    reported: 0,
    dispatched: 0,
    handled: 0,
    handlingRate: null,
  }));
  for (let i = 0; i < grids.length; i += 1) {
    for (let n = store.gridHead[grids[i]]; n !== NONE; n = store.gridNext[n]) {
      const reportRow = store.reportRow[n];
      const at = reportRow === NONE ? undefined : slot.get(reports.category[reportRow]);
      if (at === undefined || !store.isCounted(n)) continue;
      const item = items[at];
      const reportedAt = store.time(n, T_REPORTED);
      if (reportedAt >= from && reportedAt < to) item.reported += 1;
      const registeredAt = store.time(n, T_REGISTERED);
      if (!(registeredAt >= from && registeredAt < to)) continue;
      const mask = cohortMask(store.time(n, T_CLOSED), store.time(n, T_DISPATCHED), store.time(n, T_HANDLED), store.time(n, T_DEADLINE), store.isReworked(n));
      if (mask & (1 << C_DISPATCHED)) item.dispatched += 1;
      if (mask & (1 << C_HANDLED)) item.handled += 1;
    }
  }
  for (const item of items) item.handlingRate = item.dispatched === 0 ? null : item.handled / item.dispatched;
  return items;
}

/** Whether a code names a major category (a topic's family). */
export function isFamily(code: string): boolean {
  return MAJOR_CATEGORIES.some((major) => major.code === code);
}
