import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { useStageFit } from './use-fit';

/**
 * How many rows of a ranking fit in its element's height, at most `most` and at least one: a
 * panel that its layout makes shorter lists fewer rows, instead of a chart that hides every
 * other name when their labels would collide. `rowDesignPx` is a row's height in design pixels
 * (the wall scales them with the screen).
 */
export function useRowsThatFit(element: Readonly<Ref<HTMLElement | null>>, rowDesignPx: number, most: number): Readonly<Ref<number>> {
  const fit = useStageFit();
  const rows = ref(most);
  const measure = () => {
    const height = element.value?.clientHeight ?? 0;
    if (height > 0) rows.value = Math.max(1, Math.min(most, Math.floor(height / (rowDesignPx * fit.value.scale))));
  };
  const observer = new ResizeObserver(measure);
  onMounted(() => {
    if (element.value) observer.observe(element.value);
    measure();
  });
  onBeforeUnmount(() => observer.disconnect());
  return rows;
}
