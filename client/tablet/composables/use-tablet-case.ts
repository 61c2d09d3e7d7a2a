import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import type { CaseItem } from '../../../contract';
import { ApiError, type Api } from '../../composables/use-api';

export interface TabletCase {
  item: Readonly<Ref<CaseItem | null>>;
  /** True once the server said the case was never reported (or the link's id is wrong). */
  missing: Readonly<Ref<boolean>>;
  error: Readonly<Ref<string | null>>;
}

/**
 * The case a URL opens: the live copy when it is among the cases at hand (the scope's lists,
 * the room's latest), else fetched by id, so a shared link keeps working after the case closes.
 */
export function useTabletCase(
  api: Api,
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

  async function look(id: string, mine: number): Promise<void> {
    try {
      const found = await api.case(id);
      if (mine === lookup) fetched.value = found;
    } catch (e) {
      if (mine !== lookup) return;
      if (e instanceof ApiError && e.status === 404) missing.value = true;
      else error.value = e instanceof Error ? e.message : String(e);
    }
  }

  watch(
    caseId,
    (id) => {
      const mine = ++lookup;
      missing.value = false;
      error.value = null;
      if (id && known.value === null) void look(id, mine);
    },
    { immediate: true },
  );

  return { item, missing, error };
}
