import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { holds, levelOfCode, parentOf, type Area, type Me } from '../../../contract';
import type { Api } from '../../composables/use-api';

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
  const cityBbox = shallowRef<[number, number, number, number] | null>(null);
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
      const city = await api.areas();
      cityName.value = city.name;
      cityBbox.value = city.bbox;
      areas.value = new Map(city.areas.map((a) => [a.code, a]));
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

  /** The extent a scope's map frames: a grid is framed by its community. */
  function extentOf(scope: string): Extent | undefined {
    if (scope === 'city') return cityBbox.value ? { name: cityName.value ?? '', bbox: cityBbox.value } : undefined;
    const area = areas.value.get((levelOfCode(scope) === 'grid' ? parentOf(scope) : undefined) ?? scope);
    return area ? { name: area.name, bbox: area.bbox } : undefined;
  }

  return { me, error, cityName, areas, areasError, load, canRead, nameOf, extentOf };
});
