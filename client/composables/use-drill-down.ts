import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { CaseItem, Summary } from '../../contract';
import type { Api } from './use-api';

export const DRILL_CASES_LIMIT = 20;

export interface DrillDown {
  loading: Ref<boolean>;
  error: Ref<string | null>;
  summary: Ref<Summary | null>;
  open: Ref<readonly CaseItem[]>;
  overdue: Ref<readonly CaseItem[]>;
}

/** The summary and case lists of a selected scope, re-read when the selection changes. */
export function useDrillDown(api: Api, scope: Ref<string | null>): DrillDown {
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
    try {
      const [s, o, d] = await Promise.all([
        api.summary(code),
        api.cases(code, 'open', DRILL_CASES_LIMIT),
        api.cases(code, 'overdue', DRILL_CASES_LIMIT),
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
    scope,
    (code) => {
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
