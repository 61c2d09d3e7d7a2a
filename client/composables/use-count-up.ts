import { onScopeDispose, ref, watch, type Ref } from 'vue';

const easeOut = (t: number): number => 1 - (1 - t) ** 3;

/**
 * A number that counts up (or down) to its target in place, so a changing KPI is seen
 * changing without the text being swapped. The first value and hidden pages jump directly.
 */
export function useCountUp(target: Ref<number | null>, durationMs = 600): Ref<number | null> {
  const shown = ref<number | null>(target.value);
  let frame = 0;
  const cancel = (): void => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  };
  watch(target, (to) => {
    cancel();
    const from = shown.value;
    if (to === null || from === null || from === to || document.hidden) {
      shown.value = to;
      return;
    }
    const start = performance.now();
    const step = (at: number): void => {
      const t = Math.min(1, (at - start) / durationMs);
      shown.value = t >= 1 ? to : Math.round(from + (to - from) * easeOut(t));
      frame = t >= 1 ? 0 : requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  });
  onScopeDispose(cancel);
  return shown;
}
