import { storeToRefs } from 'pinia';
import { computed, watch, type ComputedRef } from 'vue';
import { cityIso, instantOf } from '../../composables/use-city-zone';
import { useTabletSessionStore } from '../stores/tablet-session';
import { useTabletSummaryStore, type TabletSelection } from '../stores/tablet-summary';
import type { TabletRoute } from './use-tablet-route';
import type { TabletTranslate } from './use-tablet-i18n';

export interface Notice {
  kind: 'denied' | 'error';
  headline: string;
  detail: string | null;
}

export interface TabletAccess {
  /** What the page may load: null while the token is unknown, the chooser is shown, or the link is refused. */
  selection: ComputedRef<TabletSelection | null>;
  /** Shown instead of any data. */
  notice: ComputedRef<Notice | null>;
  choosing: ComputedRef<boolean>;
}

/**
 * What the URL may open for this token: a bad link, a scope the token does not read (checked
 * here first, so nothing is even asked for), a day outside retention, or a refusal the server
 * gave anyway all become a notice and no data. A URL without a scope opens the token's own
 * (the city, or its one area of any level); a token with several areas gets a chooser.
 */
export function useTabletAccess(route: TabletRoute, t: TabletTranslate): TabletAccess {
  const session = useTabletSessionStore();
  const figures = useTabletSummaryStore();
  const { me } = storeToRefs(session);
  const location = route.location;

  watch(
    [me, location],
    ([who, at]) => {
      if (!who) return;
      if (at.scope === null && who.scopes.length === 1) {
        route.go({ scope: who.scopes[0].code }, { replace: true });
      } else if (at.date !== null && at.date === who.today) {
        // Today is live, whichever way it was asked for.
        route.go({ date: null }, { replace: true });
      }
    },
    { immediate: true },
  );

  const deniedScope = computed(() => {
    const scope = location.value.scope;
    return me.value && scope !== null && !session.canRead(scope) ? scope : null;
  });
  const dateOutside = computed(() => {
    const date = location.value.date;
    const days = me.value?.retained;
    return date !== null && days && (date < days.first || date > days.last) ? { date, ...days } : null;
  });
  const blockedHere = computed(() => route.problem.value !== null || deniedScope.value !== null || dateOutside.value !== null);

  const selection = computed<TabletSelection | null>(() => {
    const scope = location.value.scope;
    if (!me.value || scope === null || blockedHere.value) return null;
    const { date, time } = location.value;
    const zone = me.value.timeZone;
    return date !== null && time !== undefined ? { scope, date, at: cityIso(instantOf(date, time, zone), zone) } : { scope, date };
  });

  const notice = computed<Notice | null>(() => {
    const problem = route.problem.value;
    if (problem?.kind === 'scope') return { kind: 'error', headline: t('tablet.badScope', { scope: problem.value }), detail: null };
    if (problem?.kind === 'date') return { kind: 'error', headline: t('tablet.badDate', { date: problem.value }), detail: null };
    if (session.error) return { kind: 'denied', headline: t('page.denied', { error: session.error }), detail: null };
    const mine = me.value?.scopes.map((s) => s.name).join('、') ?? '';
    const denied = deniedScope.value;
    if (denied !== null) {
      const name = session.nameOf(denied);
      return { kind: 'denied', headline: t('tablet.denied', { scope: name ? `${name} (${denied})` : denied }), detail: t('tablet.deniedHint', { list: mine }) };
    }
    if (figures.denied) return { kind: 'denied', headline: figures.denied, detail: t('tablet.deniedHint', { list: mine }) };
    const outside = dateOutside.value;
    if (outside) return { kind: 'error', headline: t('tablet.date.outside', { date: outside.date, first: outside.first, last: outside.last }), detail: null };
    return null;
  });

  const choosing = computed(() => me.value !== null && location.value.scope === null && notice.value === null);

  return { selection, notice, choosing };
}
