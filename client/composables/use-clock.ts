import { onScopeDispose, readonly, ref, type Ref } from 'vue';

/** Wall-clock time, updated on each second boundary. */
export function useClock(): Readonly<Ref<number>> {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = (): void => {
    now.value = Date.now();
    timer = setTimeout(tick, 1000 - (now.value % 1000));
  };
  tick();
  onScopeDispose(() => clearTimeout(timer));
  return readonly(now);
}
