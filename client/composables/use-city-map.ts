import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { GridRow, GridValue } from '../../contract';
import { CityMap, exposeMapInspection, type Bounds } from '../map';
import { useGridsStore } from '../stores/grids';
import { useApi } from './use-api';

/** What a page knows before its map can be made. */
export interface MapGround {
  /** The city's extent: no tile outside it is asked for. */
  bounds: Bounds;
  /** Where the view starts (defaults to the whole city). */
  focus?: Bounds;
  /** Online basemap, only when the server has a Mapbox token configured. */
  basemap?: { style: string; accessToken: string };
  /** A centre's wall: the scope the map is about (its neighbours dimmed). */
  scope?: string;
  /** The wall: the scope's children coloured as areas while framed, the grids once zoomed in. */
  childAreas?: boolean;
}

export interface CityMapHosting {
  /** The ground, once the page has it; null while it is on its way. */
  ground: () => MapGround | null;
  /** Why the ground will not come: the map says so instead of drawing. */
  groundError?: () => string | null;
  colorBy: Readonly<Ref<GridValue>>;
  /** Screen pixels per design pixel of the page's layout (the wall's fit); 1 without. */
  scale?: () => number;
  /** What the page lays over the map (controls, a legend): area labels keep clear of it. */
  keepClearOf?: () => readonly HTMLElement[];
  /** Whether the grids show live values; a past day shows the areas only. Always, without. */
  live?: () => boolean;
  /** The page's own wiring of the map once made (selection, heat, pins); what it returns is undone with the map. */
  onMade?: (map: CityMap) => readonly (() => void)[];
}

export interface CityMapHost {
  /** The map once made, else undefined; never reactive, so Vue's proxies stay out of it. */
  map(): CityMap | undefined;
  /** Why there is no map (no grid codes, no ground, no WebGL). */
  failure: Readonly<Ref<string | null>>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Hosts the city map in a container, for the wall and the tablet alike: makes it once the
 * container, the ground and the grid codes are all there; keeps its grids live from the grids
 * store (or at zero for a past day), its colour and scale, and its size with the box; publishes
 * its read-only inspection; and destroys it with the component.
 */
export function useCityMap(container: Readonly<Ref<HTMLElement | null>>, hosting: CityMapHosting): CityMapHost {
  const api = useApi();
  const grids = useGridsStore();
  const failure = ref<string | null>(null);
  /** The grid codes the map keys its colours by (a tile's grid ids are indexes into them). */
  const gridCodes = shallowRef<readonly string[] | null>(null);
  const live = hosting.live ?? (() => true);
  let map: CityMap | undefined;
  const cleanups: (() => void)[] = [];

  api.gridCodes().then(
    (codes) => (gridCodes.value = codes),
    (e: unknown) => (failure.value ??= message(e)),
  );

  const shown = (rows: readonly GridRow[]): readonly GridRow[] => (live() ? rows : rows.map(([code]): GridRow => [code, 0, 0, 0]));
  const paint = (): void => map?.setGridRows(shown([...grids.all()]));

  function make(el: HTMLElement, ground: MapGround, codes: readonly string[]): void {
    try {
      map = new CityMap({
        container: el,
        bounds: ground.bounds,
        focus: ground.focus,
        tiles: api.url('/api/v1/geo/tiles/{z}/{x}/{y}.pbf'),
        gridCodes: codes,
        colorBy: hosting.colorBy.value,
        apiPrefix: api.url('/api/'),
        token: api.token,
        basemap: ground.basemap,
        scale: hosting.scale?.(),
        keepClearOf: hosting.keepClearOf?.(),
        scope: ground.scope,
        childAreas: ground.childAreas,
      });
    } catch (e) {
      failure.value = message(e);
      return;
    }
    const made = map;
    paint();
    cleanups.push(grids.subscribe((rows) => live() && made.setGridRows(rows)));
    cleanups.push(exposeMapInspection(made));
    const observer = new ResizeObserver(() => made.resize());
    observer.observe(el);
    cleanups.push(() => observer.disconnect());
    cleanups.push(...(hosting.onMade?.(made) ?? []));
  }

  watch(
    [container, hosting.ground, hosting.groundError ?? (() => null), gridCodes] as const,
    ([el, ground, groundError, codes]) => {
      if (map || failure.value || !el) return;
      if (ground && codes) make(el, ground, codes);
      else if (groundError) failure.value = groundError;
    },
    { immediate: true },
  );
  watch(live, paint);
  watch(hosting.colorBy, (value) => map?.setColorBy(value));
  if (hosting.scale) watch(hosting.scale, (scale) => map?.setScale(scale));

  onScopeDispose(() => {
    for (const cleanup of cleanups) cleanup();
    map?.destroy();
    map = undefined;
  });

  return { map: () => map, failure };
}
