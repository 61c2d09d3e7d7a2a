import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CaseItem, CasePoint } from '../../contract';
import type { Api, ReadDay } from '../composables/use-api';

/** Rows kept for the ticker; the screen shows fewer. */
export const RECENT_LIMIT = 40;
/** Case points kept for the heat map layer. */
export const HEAT_LIMIT = 3000;

export type HeatPoint = readonly [lng: number, lat: number];

const newestFirst = (a: CaseItem, b: CaseItem): number => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

/** The server writes times with the city's offset, so a time's first ten characters are its local day. */
const localDay = (iso: string): string => iso.slice(0, 10);

/**
 * Recent cases (bounded, newest `updatedAt` first) and where the cases reported on the live day
 * are (bounded, oldest dropped): the heat map's points.
 */
export const useCasesStore = defineStore('cases', () => {
  const recent = shallowRef<readonly CaseItem[]>([]);
  const heat = new Map<string, HeatPoint>();
  const heatVersion = ref(0);
  let day: string | null = null;

  function trimHeat(): void {
    for (const caseId of heat.keys()) {
      if (heat.size <= HEAT_LIMIT) break;
      heat.delete(caseId);
    }
  }

  function addHeat(items: readonly CaseItem[]): void {
    for (const item of items) {
      if (heat.has(item.caseId) || localDay(item.reportedAt) !== day) continue;
      heat.set(item.caseId, [item.lng, item.lat]);
    }
    trimHeat();
    heatVersion.value += 1;
  }

  /** A snapshot of the live day `date`: another day's points go, and all of them when `rewound` (a replay's). */
  function reset(items: readonly CaseItem[], date: string, rewound = false): void {
    recent.value = [...items].sort(newestFirst).slice(0, RECENT_LIMIT);
    if (date !== day || rewound) heat.clear();
    day = date;
    addHeat(items);
  }

  function merge(items: readonly CaseItem[]): void {
    if (items.length === 0) return;
    const incoming = new Set(items.map((c) => c.caseId));
    const kept = recent.value.filter((c) => !incoming.has(c.caseId));
    recent.value = [...items, ...kept].sort(newestFirst).slice(0, RECENT_LIMIT);
    addHeat(items);
  }

  /**
   * The day's points as the server lists them (newest first), under the ones the live messages
   * brought, which are at least as new: a wall opened in the afternoon shows the whole day.
   */
  function addPoints(date: string, points: readonly CasePoint[]): void {
    if (date !== day) return;
    const live = [...heat];
    heat.clear();
    for (let i = points.length - 1; i >= 0; i--) heat.set(points[i][0], [points[i][1], points[i][2]]);
    for (const [caseId, point] of live) {
      heat.delete(caseId);
      heat.set(caseId, point);
    }
    trimHeat();
    heatVersion.value += 1;
  }

  /** Asks the server for the day's points of a scope (errors leave the heat map as the live messages made it). */
  async function loadPoints(api: Api, scope: string, day: ReadDay): Promise<void> {
    try {
      const answer = await api.casePoints(scope, day, HEAT_LIMIT);
      addPoints(answer.date, answer.points);
    } catch (error) {
      console.warn('heat map points:', error instanceof Error ? error.message : error);
    }
  }

  function heatPoints(): IterableIterator<HeatPoint> {
    return heat.values();
  }

  function heatSize(): number {
    return heat.size;
  }

  return { recent, heatVersion, reset, merge, addPoints, loadPoints, heatPoints, heatSize };
});
