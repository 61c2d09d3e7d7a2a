import { RecentList } from './recent-list';
import { CITY_SLOT, type ScopeIndex } from './scope-index';

/** Most recently updated cases kept per city, district and street. */
export const RECENT_KEPT = 100;

/** Per-scope indexes of counted cases: the open ones by street, the most recently updated by scope. */
export class CaseIndex {
  /** Open case numbers, by street slot. */
  readonly open = new Map<number, Set<number>>();
  private readonly recent: Array<RecentList | undefined>;

  constructor(private readonly scopes: ScopeIndex) {
    this.recent = new Array<RecentList | undefined>(scopes.size);
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
    const level = this.scopes.levels[slot];
    for (const [street, set] of this.open) {
      if (level === 'city' || street === slot || (level === 'district' && this.scopes.districtOf[street] === slot)) set.forEach(visit);
    }
  }

  addRecent(grid: number, n: number, updatedAt: number): void {
    const street = this.scopes.streetOfGrid[grid];
    this.recentOf(CITY_SLOT).insert(n, updatedAt);
    this.recentOf(this.scopes.districtOf[street]).insert(n, updatedAt);
    this.recentOf(street).insert(n, updatedAt);
  }

  removeRecent(grid: number, n: number, updatedAt: number): void {
    const street = this.scopes.streetOfGrid[grid];
    this.recentOf(CITY_SLOT).remove(n, updatedAt);
    this.recentOf(this.scopes.districtOf[street]).remove(n, updatedAt);
    this.recentOf(street).remove(n, updatedAt);
  }

  recentOf(slot: number): RecentList {
    let list = this.recent[slot];
    if (!list) this.recent[slot] = list = new RecentList(RECENT_KEPT);
    return list;
  }
}
