import { onScopeDispose, ref, watch, type Ref } from 'vue';

const easeOut = (t: number): number => 1 - (1 - t) ** 3;

/**
 * The number moves in a few ticks, not on every frame: each change of its text is a repaint and
 * a commit of the whole wall, and under 1 Hz deltas seven cards counting at 60 fps made one frame
 * in twenty miss its vsync on a software compositor (bench/README.md#the-wall).
 */
const TICK_MS = 200;

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
    let ticked = start;
    const step = (at: number): void => {
      const t = Math.min(1, (at - start) / durationMs);
      if (t >= 1 || at - ticked >= TICK_MS) {
        ticked = at;
        shown.value = t >= 1 ? to : Math.round(from + (to - from) * easeOut(t));
      }
      frame = t >= 1 ? 0 : requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  });
  onScopeDispose(cancel);
  return shown;
}
