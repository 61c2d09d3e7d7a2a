import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import type { CaseItem } from '../../contract';
import type { Api } from './use-api';

/** How deep a case is looked for in its scope's lists when it was not among the cases at hand. */
export const CASE_LOOKUP_LIMIT = 500;

export interface TabletCase {
  item: Readonly<Ref<CaseItem | null>>;
  /** True once the case was looked for in its scope and is not there (closed, or gone). */
  missing: Readonly<Ref<boolean>>;
  error: Readonly<Ref<string | null>>;
}

/**
 * The case a URL opens: found among the cases at hand (the scope's lists, the live room's
 * latest), else looked up once in the scope's open and overdue lists.
 */
export function useTabletCase(
  api: Api,
  scope: Readonly<Ref<string | null>>,
  caseId: Readonly<Ref<string | null>>,
  atHand: () => readonly (readonly CaseItem[])[],
): TabletCase {
  const fetched = shallowRef<CaseItem | null>(null);
  const missing = ref(false);
  const error = ref<string | null>(null);
  let lookup = 0;

  const known = computed(() => {
    const id = caseId.value;
    if (!id) return null;
    for (const list of atHand()) {
      const found = list.find((c) => c.caseId === id);
      if (found) return found;
    }
    return null;
  });
  const item = computed(() => known.value ?? (fetched.value?.caseId === caseId.value ? fetched.value : null));

  async function look(code: string, id: string, mine: number): Promise<void> {
    try {
      const lists = await Promise.all([api.cases(code, 'overdue', CASE_LOOKUP_LIMIT), api.cases(code, 'open', CASE_LOOKUP_LIMIT)]);
      if (mine !== lookup) return;
      const found = lists.flat().find((c) => c.caseId === id) ?? null;
      fetched.value = found;
      missing.value = found === null && known.value === null;
    } catch (e) {
      if (mine === lookup) error.value = e instanceof Error ? e.message : String(e);
    }
  }

  watch(
    [scope, caseId],
    ([code, id]) => {
      const mine = ++lookup;
      missing.value = false;
      error.value = null;
      if (code && id && known.value === null) void look(code, id, mine);
    },
    { immediate: true },
  );

  return { item, missing, error };
}
