import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DepartmentRow } from '../../contract';
import type { Api } from '../composables/use-api';

/** Departments are re-read when figures changed, at most this often. */
export const DEPARTMENTS_MIN_INTERVAL_MS = 60_000;

/**
 * The department ranking. A change inside the interval is not lost: one trailing fetch is
 * scheduled for the end of the interval.
 */
export const useDepartmentsStore = defineStore('departments', () => {
  const rows = shallowRef<readonly DepartmentRow[]>([]);
  const error = ref<string | null>(null);
  const fetches = ref(0);
  let lastFetchAt = Number.NEGATIVE_INFINITY;
  let trailing: ReturnType<typeof setTimeout> | undefined;

  async function fetchNow(api: Api, scope: string, date: string | undefined): Promise<void> {
    lastFetchAt = Date.now();
    fetches.value += 1;
    try {
      rows.value = [...(await api.departments(scope, date))].sort((a, b) => b.score - a.score);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** Figures changed: fetch now if the last fetch is old enough, else once when it is. */
  function figuresChanged(api: Api, scope: string, date: string | undefined): Promise<void> {
    const wait = lastFetchAt + DEPARTMENTS_MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) return fetchNow(api, scope, date);
    if (trailing === undefined) {
      trailing = setTimeout(() => {
        trailing = undefined;
        void fetchNow(api, scope, date);
      }, wait);
    }
    return Promise.resolve();
  }

  function stop(): void {
    clearTimeout(trailing);
    trailing = undefined;
  }

  return { rows, error, fetches, figuresChanged, fetchNow, stop };
});
