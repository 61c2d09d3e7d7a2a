import { RecentList } from './recent-list';
import type { ScopeIndex } from './scope-index';

/** Most recently updated cases kept per street. */
export const RECENT_KEPT = 100;

/** Per-street indexes of counted cases: the open ones and the most recently updated. */
export class CaseIndex {
  /** Open case numbers, by street slot. */
  readonly open = new Map<number, Set<number>>();
  private readonly recentByStreet: Array<RecentList | undefined>;

  constructor(private readonly scopes: ScopeIndex) {
    this.recentByStreet = new Array<RecentList | undefined>(scopes.size);
  }

  /** Forgets every case, to be indexed again (after a checkpoint is loaded or cases are compacted). */
  clear(): void {
    this.open.clear();
    this.recentByStreet.fill(undefined);
  }

  addOpen(grid: number, n: number): void {
    const street = this.scopes.streetOfGrid[grid];
    let set = this.open.get(street);
    if (!set) this.open.set(street, (set = new Set()));
    set.add(n);
  }

  removeOpen(grid: number, n: number): void {
    this.open.get(this.scopes.streetOfGrid[grid])?.delete(n);
  }

  /** Calls `visit` with each open case of a scope slot (city, district or street). */
  forEachOpen(slot: number, visit: (n: number) => void): void {
    for (const [street, set] of this.open) {
      if (this.scopes.covers(slot, street)) set.forEach(visit);
    }
  }

  addRecent(grid: number, n: number, updatedAt: number): void {
    const street = this.scopes.streetOfGrid[grid];
    let list = this.recentByStreet[street];
    if (!list) this.recentByStreet[street] = list = new RecentList(RECENT_KEPT);
    list.insert(n, updatedAt);
  }

  removeRecent(grid: number, n: number, updatedAt: number): void {
    this.recentByStreet[this.scopes.streetOfGrid[grid]]?.remove(n, updatedAt);
  }

  /**
   * The `limit` most recently updated cases of a scope slot, newest first: a street's own list,
   * or the merge of its streets' lists for a district or the city (their top cases are among those).
   */
  recent(slot: number, limit: number): number[] {
    const lists: RecentList[] = [];
    for (const street of this.scopes.streetSlots) {
      const list = this.recentByStreet[street];
      if (list && list.size > 0 && this.scopes.covers(slot, street)) lists.push(list);
    }
    const heads = new Array<number>(lists.length).fill(0);
    const chosen: number[] = [];
    while (chosen.length < Math.min(limit, RECENT_KEPT)) {
      let best = -1;
      for (let i = 0; i < lists.length; i += 1) {
        if (heads[i] >= lists[i].size) continue;
        if (best < 0 || newer(lists[i], heads[i], lists[best], heads[best])) best = i;
      }
      if (best < 0) break;
      chosen.push(lists[best].at(heads[best]));
      heads[best] += 1;
    }
    return chosen;
  }
}

/** Whether entry i of list a comes before entry j of list b (newer, or as new with a higher case number). */
function newer(a: RecentList, i: number, b: RecentList, j: number): boolean {
  return a.timeAt(i) > b.timeAt(j) || (a.timeAt(i) === b.timeAt(j) && a.at(i) > b.at(j));
}
