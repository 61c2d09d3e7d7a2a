import { storeToRefs } from 'pinia';
import { computed, onScopeDispose, watch, type ComputedRef } from 'vue';
import { useClock } from '../../composables/use-clock';
import { useTabletSessionStore } from '../stores/tablet-session';
import { useDepartmentsStore } from '../../stores/departments';
import { useTabletSummaryStore, type TabletSelection } from '../stores/tablet-summary';
import type { Api } from '../../composables/use-api';
import { useTabletLive } from './use-tablet-live';

const MINUTE_MS = 60_000;

/**
 * Feeds the tablet's figures for a selection: the live socket on today's scope, REST for a
 * past day, the reference days, the department ranking and the case lists, each re-read when
 * what it depends on changes (never on a timer).
 */
export function useTabletFigures(api: Api, selection: ComputedRef<TabletSelection | null>): void {
  const figures = useTabletSummaryStore();
  const departments = useDepartmentsStore();
  const { day, liveSummary } = storeToRefs(figures);

  const key = computed(() => (selection.value ? `${selection.value.scope}@${selection.value.date ?? 'live'}@${selection.value.at ?? ''}` : null));
  watch(
    key,
    () => {
      if (selection.value) void figures.select(api, selection.value);
      else figures.stop();
    },
    { immediate: true },
  );

  useTabletLive(
    api.token,
    computed(() => (selection.value && selection.value.date === null ? selection.value.scope : null)),
  );

  // A day in progress is compared up to the same time of day, moved on once a minute; a past day
  // with a time likewise up to it; a past day as a whole with whole days.
  const session = useTabletSessionStore();
  const now = useClock();
  const minute = computed(() => Math.floor(now.value / MINUTE_MS) * MINUTE_MS);
  const comparedAt = computed(() => {
    const shown = selection.value;
    if (!shown) return null;
    if (shown.at !== undefined) return Date.parse(shown.at);
    return shown.date === null ? minute.value : null;
  });
  watch(
    [() => selection.value?.scope, day, comparedAt, () => session.me],
    ([scope, date, at, me]) => {
      if (!scope || !date || !me) return;
      void figures.loadReferences(api, scope, date, at, me.timeZone, me.firstEventAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(me.firstEventAt));
    },
    { immediate: true },
  );

  watch(
    [() => selection.value?.scope, day],
    ([scope, date]) => {
      if (scope && date) void departments.fetchNow(api, scope, date);
    },
    { immediate: true },
  );

  watch(liveSummary, (next, previous) => {
    if (!next || !previous || next.scope !== previous.scope) return;
    figures.figuresChanged(api);
    void departments.figuresChanged(api, next.scope, next.date);
  });

  onScopeDispose(() => {
    figures.stop();
    departments.stop();
  });
}
