import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { holds, type Area, type CityAreas, type Me } from '../../../contract';
import type { Api } from '../../composables/use-api';
import { scopeBounds } from '../../map/focus-bounds';

export interface Extent {
  name: string;
  bbox: [number, number, number, number];
}

/**
 * Who the page's token is (`/api/v1/me`) and the city's areas (names and extents of districts,
 * streets and communities): both read once per page.
 */
export const useTabletSessionStore = defineStore('tablet-session', () => {
  const me = shallowRef<Me | null>(null);
  const error = ref<string | null>(null);
  const cityName = ref<string | null>(null);
  const city = shallowRef<CityAreas | null>(null);
  const areas = shallowRef<ReadonlyMap<string, Area>>(new Map());
  const areasError = ref<string | null>(null);

  async function load(api: Api): Promise<void> {
    try {
      me.value = await api.me();
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return;
    }
    try {
      const answer = await api.areas();
      city.value = answer;
      cityName.value = answer.name;
      areas.value = new Map(answer.areas.map((a) => [a.code, a]));
    } catch (e) {
      // Without areas the figures still show; names fall back to codes and the map to the city.
      areasError.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** Whether the token reads a scope: the server's rule (`holds`), so nothing is asked that would be refused. */
  function canRead(scope: string): boolean {
    return me.value?.scopes.some((mine) => holds(mine.code, scope)) ?? false;
  }

  function nameOf(scope: string): string | undefined {
    if (scope === 'city') return cityName.value ?? undefined;
    return areas.value.get(scope)?.name ?? me.value?.scopes.find((s) => s.code === scope)?.name;
  }

  /** The extent a scope's map frames, as a centre's wall frames it (`scopeBounds`): where its grids are; the whole city for the city. */
  function extentOf(scope: string): Extent | undefined {
    const bbox = city.value ? scopeBounds(city.value, scope) : undefined;
    return bbox ? { name: nameOf(scope) ?? scope, bbox } : undefined;
  }

  return { me, error, cityName, areas, areasError, load, canRead, nameOf, extentOf };
});
