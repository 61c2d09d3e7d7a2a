import type { CaseIndex } from './case-index';
import { T_DEADLINE, T_UPDATED } from './case-state';
import type { CaseStore } from './case-store';
import { NONE } from './event-pool';
import type { OverdueQueue } from './overdue-queue';
import type { Tally } from './tally';

/**
 * Derives again from the cases' rows what is kept beside them: the grids' case lists, the open
 * cases and the recently updated ones per street, the queue of deadlines to come, and, given the
 * tally, the live open and overdue counts. After a checkpoint is loaded (which keeps only the
 * rows) and after cases are compacted (which renumbers them).
 */
export function reindexCases(store: CaseStore, index: CaseIndex, queue: OverdueQueue, tally?: Tally): void {
  store.gridHead.fill(NONE);
  index.clear();
  queue.clear();
  tally?.liveGrids.fill(0);
  // The last cases first: a street's recent list fills with its latest and turns the older ones
  // away at a glance (what it holds does not depend on the order).
  for (let n = store.size - 1; n >= 0; n -= 1) if (store.isCounted(n)) index.addRecent(store.gridOf(n), n, store.time(n, T_UPDATED));
  for (let n = 0; n < store.size; n += 1) {
    if (!store.isCounted(n)) continue;
    const grid = store.gridOf(n);
    store.linkToGrid(n, grid);
    const closedAt = store.closedAt(n);
    if (!Number.isNaN(closedAt)) continue;
    index.addOpen(grid, n);
    const overdue = store.isOverdue(n);
    const deadline = store.time(n, T_DEADLINE);
    if (!overdue && !Number.isNaN(deadline)) queue.push(deadline, n);
    if (tally) {
      tally.liveGrids[grid * 2] += 1;
      if (overdue) tally.liveGrids[grid * 2 + 1] += 1;
    }
  }
  tally?.recountLive();
}
