import { effectScope, onScopeDispose, watch, type EffectScope, type Ref } from 'vue';
import { useLive } from '../../composables/use-live';

/**
 * Keeps one live socket on the scope being looked at while it is today's: a drill-down moves
 * the socket to the new scope's room; a past day closes it (history is not live).
 */
export function useTabletLive(token: string, scope: Readonly<Ref<string | null>>): void {
  let current: { scope: string; effects: EffectScope } | undefined;

  const close = (): void => {
    current?.effects.stop();
    current = undefined;
  };

  watch(
    scope,
    (next) => {
      if (current?.scope === next) return;
      close();
      if (next === null) return;
      const effects = effectScope(true);
      effects.run(() => useLive({ token, scope: next }));
      current = { scope: next, effects };
    },
    { immediate: true },
  );
  onScopeDispose(close);
}
