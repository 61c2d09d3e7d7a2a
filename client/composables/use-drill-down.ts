import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { CaseItem, Summary } from '../../contract';
import { useLiveStore } from '../stores/live';
import type { Api } from './use-api';

export const DRILL_CASES_LIMIT = 20;

export interface DrillDown {
  loading: Ref<boolean>;
  error: Ref<string | null>;
  summary: Ref<Summary | null>;
  open: Ref<readonly CaseItem[]>;
  overdue: Ref<readonly CaseItem[]>;
}

/**
 * The summary and case lists of a selected scope, re-read when the selection changes. On a
 * replaying wall they are of the replayed instant, and read again when a paused replay moves.
 */
export function useDrillDown(api: Api, scope: Ref<string | null>): DrillDown {
  const live = useLiveStore();
  /** The instant a paused replay shows; null while it plays (its instant moves each tick) or the wall is live. */
  const settled = computed(() => (live.replay?.speed === 0 ? live.replay.at : null));
  const loading = ref(false);
  const error = ref<string | null>(null);
  const summary = shallowRef<Summary | null>(null);
  const open = shallowRef<readonly CaseItem[]>([]);
  const overdue = shallowRef<readonly CaseItem[]>([]);
  let request = 0;

  async function load(code: string): Promise<void> {
    const mine = ++request;
    loading.value = true;
    error.value = null;
    const at = live.replay?.at;
    try {
      const [s, o, d] = await Promise.all([
        api.summary(code, at === undefined ? undefined : { at }),
        api.cases(code, 'open', DRILL_CASES_LIMIT, at),
        api.cases(code, 'overdue', DRILL_CASES_LIMIT, at),
      ]);
      if (mine !== request) return;
      summary.value = s;
      open.value = o;
      overdue.value = d;
    } catch (e) {
      if (mine === request) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === request) loading.value = false;
    }
  }

  watch(
    [scope, settled],
    ([code]) => {
      summary.value = null;
      open.value = [];
      overdue.value = [];
      if (code) void load(code);
      else request += 1;
    },
    { immediate: true },
  );
  onScopeDispose(() => (request += 1));
  return { loading, error, summary, open, overdue };
}
