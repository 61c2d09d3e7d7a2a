import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/**
 * Keeps a one-line text within its element's width: when the text at its designed size is wider
 * than the box, the element's `--fit` (a factor its CSS multiplies its font size by) shrinks it
 * to fit. It measures only when the text's length or the box's width changes, not at every
 * step of a count-up, so a wall does not lay itself out several times a second for it.
 */
export function useFitText(element: Readonly<Ref<HTMLElement | null>>, text: () => string): void {
  let length = -1;
  let width = -1;

  function fit(): void {
    const el = element.value;
    if (!el) return;
    el.style.setProperty('--fit', '1');
    const natural = el.scrollWidth;
    const room = el.clientWidth;
    // A pixel of room keeps rounding of sub-pixel glyph widths from overflowing anyway.
    if (natural > room && room > 0) el.style.setProperty('--fit', String(Math.max(0.2, (room - 1) / natural)));
  }

  const observer = new ResizeObserver(() => {
    const room = element.value?.clientWidth ?? -1;
    if (room === width) return;
    width = room;
    fit();
  });

  onMounted(() => {
    if (element.value) observer.observe(element.value);
  });
  watch(
    () => text().length,
    (next) => {
      if (next === length) return;
      length = next;
      fit();
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => observer.disconnect());
}
