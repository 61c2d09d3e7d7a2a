import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CaseItem, Summary } from '../../../contract';
import { referenceDays, type ComparisonSpan } from '../comparison';
import { cityIso, sameTimeOn } from '../../composables/use-city-zone';
import { ApiError, type Api } from '../../composables/use-api';
import { useLiveStore } from '../../stores/live';

/** Cases listed per list; the API allows more, a tablet shows this many. */
export const TABLET_CASES_LIMIT = 50;
/** Case lists follow live figures at most this often (one trailing refresh is never lost). */
export const CASES_MIN_INTERVAL_MS = 15_000;

export interface TabletSelection {
  scope: string;
  /** A past day, or null for today, live. */
  date: string | null;
  /** An instant of the past day (the scrubber, ISO with offset): the day as it stood then. */
  at?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The figures the tablet shows for its selection: the live room's summary while it is today
 * (REST until the first snapshot), a past day's from REST; the two reference days; and the
 * scope's overdue and open cases. A refusal (403) is kept apart: then nothing is shown.
 */
export const useTabletSummaryStore = defineStore('tablet-summary', () => {
  const live = useLiveStore();
  const selection = shallowRef<TabletSelection | null>(null);
  const rest = shallowRef<Summary | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const denied = ref<string | null>(null);
  const previous = shallowRef<Summary | null>(null);
  const lastWeek = shallowRef<Summary | null>(null);
  const span = ref<ComparisonSpan>('wholeDay');
  /** With `sameTime`, the instant of the shown day the reference days are read up to the same time of (ISO). */
  const comparedAt = ref<string | null>(null);
  const overdue = shallowRef<readonly CaseItem[]>([]);
  const open = shallowRef<readonly CaseItem[]>([]);
  const casesError = ref<string | null>(null);
  let generation = 0;
  let referencesFor: string | null = null;
  let lastCasesAt = Number.NEGATIVE_INFINITY;
  let trailing: ReturnType<typeof setTimeout> | undefined;

  const isLive = computed(() => selection.value !== null && selection.value.date === null);
  /** The live room's summary, once the room is this scope's. */
  const liveSummary = computed(() =>
    isLive.value && live.scope === selection.value?.scope && live.summary ? live.summary : null,
  );
  const summary = computed<Summary | null>(() => (denied.value ? null : (liveSummary.value ?? rest.value)));
  /** The day the figures are of. */
  const day = computed(() => summary.value?.date ?? selection.value?.date ?? null);

  function refuse(e: unknown): boolean {
    if (e instanceof ApiError && e.status === 403) {
      denied.value = e.message;
      return true;
    }
    return false;
  }

  async function loadCases(api: Api, scope: string, mine: number): Promise<void> {
    lastCasesAt = Date.now();
    const at = selection.value?.at;
    try {
      const [o, d] = await Promise.all([
        api.cases(scope, 'open', TABLET_CASES_LIMIT, at),
        api.cases(scope, 'overdue', TABLET_CASES_LIMIT, at),
      ]);
      if (mine !== generation) return;
      open.value = o;
      overdue.value = d;
      casesError.value = null;
    } catch (e) {
      if (mine === generation && !refuse(e)) casesError.value = message(e);
    }
  }

  /** Shows a scope and day; a refresh of the same selection keeps its figures until the new ones arrive. */
  async function select(api: Api, next: TabletSelection): Promise<void> {
    const mine = ++generation;
    const before = selection.value;
    const sameScope = before?.scope === next.scope;
    selection.value = next;
    denied.value = null;
    error.value = null;
    // Figures of another scope or day are never shown as this one's, not even for a moment.
    if (!sameScope || before?.date !== next.date || before?.at !== next.at) rest.value = null;
    if (!sameScope) {
      open.value = [];
      overdue.value = [];
    }
    clearTimeout(trailing);
    trailing = undefined;
    loading.value = true;
    const figures = api.summary(next.scope, next.at !== undefined ? { at: next.at } : (next.date ?? undefined)).then(
      (s) => {
        if (mine === generation) rest.value = s;
      },
      (e: unknown) => {
        if (mine === generation && !refuse(e)) error.value = message(e);
      },
    );
    await Promise.all([figures, loadCases(api, next.scope, mine)]);
    if (mine === generation) loading.value = false;
  }

  /**
   * Loads the day before and the same weekday last week of the shown day, once per scope, day and
   * instant: with `at` (epoch ms of the shown day: now on a live day, the scrubber's instant on a
   * past one) each up to the same time of day in the city's zone, else whole days.
   */
  async function loadReferences(api: Api, scope: string, date: string, at: number | null, zone: string, firstEventAt = Number.NEGATIVE_INFINITY): Promise<void> {
    const key = `${scope}@${date}@${at ?? 'day'}`;
    if (referencesFor === key) return;
    const sameSpan = referencesFor?.startsWith(`${scope}@${date}@`) && (at === null) === (span.value === 'wholeDay');
    referencesFor = key;
    // A later minute of the same comparison keeps the figures shown until the new ones arrive.
    if (!sameSpan) {
      previous.value = null;
      lastWeek.value = null;
    }
    span.value = at === null ? 'wholeDay' : 'sameTime';
    comparedAt.value = at === null ? null : cityIso(at, zone);
    const days = referenceDays(date);
    // A day outside retention, or an instant before the log, simply has no comparison.
    const read = (d: string): Promise<Summary | null> => {
      if (at === null) return api.summary(scope, d).catch(() => null);
      const then = sameTimeOn(d, at, zone);
      return then < firstEventAt ? Promise.resolve(null) : api.summary(scope, { at: cityIso(then, zone) }).catch(() => null);
    };
    const [p, w] = await Promise.all([read(days.previous), read(days.lastWeek)]);
    if (referencesFor !== key) return;
    previous.value = p;
    lastWeek.value = w;
  }

  /** Live figures changed: the case lists follow, at most every CASES_MIN_INTERVAL_MS. */
  function figuresChanged(api: Api): void {
    const scope = selection.value?.scope;
    if (!scope || trailing !== undefined) return;
    const wait = lastCasesAt + CASES_MIN_INTERVAL_MS - Date.now();
    const mine = generation;
    if (wait <= 0) {
      void loadCases(api, scope, mine);
      return;
    }
    trailing = setTimeout(() => {
      trailing = undefined;
      if (mine === generation) void loadCases(api, scope, mine);
    }, wait);
  }

  function stop(): void {
    generation += 1;
    clearTimeout(trailing);
    trailing = undefined;
  }

  return {
    selection,
    summary,
    isLive,
    liveSummary,
    day,
    loading,
    error,
    denied,
    previous,
    lastWeek,
    span,
    comparedAt,
    overdue,
    open,
    casesError,
    select,
    loadReferences,
    figuresChanged,
    stop,
  };
});
