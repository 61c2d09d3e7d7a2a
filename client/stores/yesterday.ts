import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Summary } from '../../contract';
import type { Api } from '../composables/use-api';
import { previousDate } from '../composables/format';

/** Yesterday's summary of a scope, the reference line of the trend and close-time panels. */
export const useYesterdayStore = defineStore('yesterday', () => {
  const summary = shallowRef<Summary | null>(null);
  const error = ref<string | null>(null);
  let loadedFor: string | null = null;

  /** Loads the day before `today` once per day and scope. */
  async function load(api: Api, scope: string, today: string): Promise<void> {
    const key = `${scope}@${today}`;
    if (loadedFor === key) return;
    loadedFor = key;
    try {
      summary.value = await api.summary(scope, previousDate(today));
      error.value = null;
    } catch (e) {
      // Out of retention or a fresh install: the trend simply has no reference line.
      summary.value = null;
      error.value = e instanceof Error ? e.message : String(e);
      loadedFor = null;
    }
  }

  return { summary, error, load };
});
