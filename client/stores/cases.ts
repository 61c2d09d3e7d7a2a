import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CaseItem } from '../../contract';

/** Rows kept for the ticker; the screen shows fewer. */
export const RECENT_LIMIT = 40;
/** Case points kept for the heat map layer. */
export const HEAT_LIMIT = 3000;

export type HeatPoint = readonly [lng: number, lat: number];

const newestFirst = (a: CaseItem, b: CaseItem): number => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

/** Recent cases (bounded, newest `updatedAt` first) and today's case points (bounded, oldest dropped). */
export const useCasesStore = defineStore('cases', () => {
  const recent = shallowRef<readonly CaseItem[]>([]);
  const heat = new Map<string, HeatPoint>();
  const heatVersion = ref(0);

  function addHeat(items: readonly CaseItem[]): void {
    for (const item of items) {
      if (heat.has(item.caseId)) continue;
      heat.set(item.caseId, [item.lng, item.lat]);
      if (heat.size > HEAT_LIMIT) heat.delete(heat.keys().next().value as string);
    }
    heatVersion.value += 1;
  }

  /** A snapshot: `newDay` drops yesterday's points. */
  function reset(items: readonly CaseItem[], newDay: boolean): void {
    recent.value = [...items].sort(newestFirst).slice(0, RECENT_LIMIT);
    if (newDay) heat.clear();
    addHeat(items);
  }

  function merge(items: readonly CaseItem[]): void {
    if (items.length === 0) return;
    const incoming = new Set(items.map((c) => c.caseId));
    const kept = recent.value.filter((c) => !incoming.has(c.caseId));
    recent.value = [...items, ...kept].sort(newestFirst).slice(0, RECENT_LIMIT);
    addHeat(items);
  }

  function heatPoints(): IterableIterator<HeatPoint> {
    return heat.values();
  }

  function heatSize(): number {
    return heat.size;
  }

  return { recent, heatVersion, reset, merge, heatPoints, heatSize };
});
