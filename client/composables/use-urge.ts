import { computed, ref, shallowRef, type Ref } from 'vue';
import { URGING_ROLES, type CaseItem } from '../../contract';
import { useLiveStore } from '../stores/live';
import type { Api } from './use-api';

/**
 * Whether the page's token may urge (督办): only then do the pages offer the button. Never on a
 * replaying wall: an urge is sent now, and the lights it shows are of the past.
 */
export function useCanUrge(api: Api): Readonly<Ref<boolean>> {
  const can = ref(false);
  const live = useLiveStore();
  api.me().then(
    (me) => (can.value = URGING_ROLES.includes(me.role)),
    () => (can.value = false),
  );
  return computed(() => can.value && live.replay === null);
}

/**
 * Each case's Idempotency-Key for the page's life: a click repeated after a failure, or a double
 * tap, urges the case once; another click once the case shows urged is a new urge.
 */
const keys = new Map<string, string>();

export interface Urging {
  sending: Readonly<Ref<boolean>>;
  error: Readonly<Ref<string | null>>;
  /** Urges the case and answers it as it is afterwards (its `urged` count grown), or null on failure. */
  urge(caseId: string): Promise<CaseItem | null>;
}

/** 一键督办 of one case at a time (docs/evaluation.md#urging-from-the-pages). */
export function useUrging(api: Api): Urging {
  const sending = ref(false);
  const error = shallowRef<string | null>(null);

  async function urge(caseId: string): Promise<CaseItem | null> {
    if (sending.value) return null;
    let key = keys.get(caseId);
    if (key === undefined) {
      key = crypto.randomUUID();
      keys.set(caseId, key);
    }
    sending.value = true;
    error.value = null;
    try {
      await api.urge(caseId, key);
      keys.delete(caseId);
      return await api.case(caseId);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      sending.value = false;
    }
  }

  return { sending, error, urge };
}
