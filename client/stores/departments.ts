import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DepartmentRow } from '../../contract';
import type { Api, ReadDay } from '../composables/use-api';
import { refreshGate } from './refresh-gate';

/** Departments are re-read when figures changed, at most this often. */
export const DEPARTMENTS_MIN_INTERVAL_MS = 60_000;

/** The department ranking of a scope's cases, re-read when the figures change (`refreshGate`). */
export const useDepartmentsStore = defineStore('departments', () => {
  const rows = shallowRef<readonly DepartmentRow[]>([]);
  const error = ref<string | null>(null);
  const fetches = ref(0);
  const gate = refreshGate(DEPARTMENTS_MIN_INTERVAL_MS);

  const read = (api: Api, scope: string, day: ReadDay) => async (): Promise<void> => {
    fetches.value += 1;
    try {
      rows.value = [...(await api.departments(scope, day))].sort((a, b) => b.score - a.score);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  };

  const fetchNow = (api: Api, scope: string, day: ReadDay): Promise<void> => gate.now(read(api, scope, day));
  /** Figures changed: fetch now if the last fetch is old enough, else once when it is. */
  const figuresChanged = (api: Api, scope: string, day: ReadDay): Promise<void> => gate.changed(read(api, scope, day));

  return { rows, error, fetches, figuresChanged, fetchNow, stop: gate.stop };
});
