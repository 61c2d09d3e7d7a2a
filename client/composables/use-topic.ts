import { storeToRefs } from 'pinia';
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { Topic } from '../../contract';
import { useLiveStore } from '../stores/live';
import { refreshGate } from '../stores/refresh-gate';
import type { Api } from './use-api';

/** A topic is read again when the figures changed, at most this often. */
export const TOPIC_MIN_INTERVAL_MS = 60_000;

export interface TopicReading {
  topic: Readonly<Ref<Topic | null>>;
  error: Readonly<Ref<string | null>>;
}

/**
 * A special topic (专项) of the live scope's day (or replayed instant), `GET /api/v1/topic`: read
 * with each snapshot, and again when the live figures change (`refreshGate`). A failed read keeps the last.
 */
export function useTopic(api: Api, family: () => string): TopicReading {
  const live = useLiveStore();
  const { summary, date, snapshots } = storeToRefs(live);
  const topic = shallowRef<Topic | null>(null);
  const error = ref<string | null>(null);
  const gate = refreshGate(TOPIC_MIN_INTERVAL_MS);

  const read = async (): Promise<void> => {
    const { scope, date: day, readDay } = live;
    if (scope === null || day === null) return;
    try {
      topic.value = await api.topic(scope, family(), readDay);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  };

  // Each snapshot (a new day, a reconnect, a replay's seek) may follow figures the topic missed.
  watch(
    snapshots,
    () => {
      if (date.value) void gate.now(read);
    },
    { immediate: true },
  );
  watch(summary, (next, previous) => {
    if (next && previous && date.value) void gate.changed(read);
  });
  onScopeDispose(gate.stop);
  return { topic, error };
}
