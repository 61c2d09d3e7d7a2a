import { onScopeDispose, readonly, shallowRef, type Ref } from 'vue';
import {
  parseTabletLocation,
  sameLocation,
  tabletSearch,
  type LocationProblem,
  type TabletLocation,
} from '../tablet-location';

export interface TabletRoute {
  location: Readonly<Ref<TabletLocation>>;
  /** A part of the URL that could not be opened, until the next navigation. */
  problem: Readonly<Ref<LocationProblem | null>>;
  /** Opens a location as a new history entry (the back button returns), or in place. */
  go(next: Partial<TabletLocation>, options?: { replace?: boolean }): void;
  /** The URL of a location, for links a leader can share. */
  href(next: Partial<TabletLocation>): string;
}

/**
 * The tablet's state lives in its URL (`?scope=…&date=…&case=…`; the token is kept for the
 * tab, not in the address), so every view can be shared and the browser's back button walks
 * back up a drill-down.
 */
export function useTabletRoute(): TabletRoute {
  const first = parseTabletLocation(window.location.search);
  const location = shallowRef<TabletLocation>(first.location);
  const problem = shallowRef<LocationProblem | null>(first.problem);

  const target = (next: Partial<TabletLocation>): TabletLocation => ({ ...location.value, ...next });
  const href = (next: Partial<TabletLocation>): string =>
    `${window.location.pathname}${tabletSearch(window.location.search, target(next))}`;

  function go(next: Partial<TabletLocation>, options: { replace?: boolean } = {}): void {
    const to = target(next);
    problem.value = null;
    if (sameLocation(to, location.value)) return;
    const url = href(next);
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    location.value = to;
  }

  const onPop = (): void => {
    const parsed = parseTabletLocation(window.location.search);
    location.value = parsed.location;
    problem.value = parsed.problem;
  };
  window.addEventListener('popstate', onPop);
  onScopeDispose(() => window.removeEventListener('popstate', onPop));

  return { location: readonly(location), problem: readonly(problem), go, href };
}
