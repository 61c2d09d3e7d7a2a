import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/** A text's shape: its digits all alike, as tabular figures are equally wide. */
const shapeOf = (text: string): string => text.replace(/\d/g, '0');

/**
 * Keeps a one-line number within its element's width: when the text at its designed size is
 * wider than the box, the element's `--fit` (a factor its CSS multiplies its font size by)
 * shrinks it to fit. It measures only when the text's shape changes (a digit more, 9999 becoming
 * 1.0万), the box's width changes or fonts finish loading, never at each step of a count-up, so a
 * wall does not lay itself out several times a second for it.
 */
export function useFitText(element: Readonly<Ref<HTMLElement | null>>, text: () => string): void {
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
  const fonts = globalThis.document?.fonts;

  onMounted(() => {
    if (element.value) observer.observe(element.value);
    fonts?.addEventListener('loadingdone', fit);
  });
  watch(() => shapeOf(text()), fit, { flush: 'post' });
  onBeforeUnmount(() => {
    observer.disconnect();
    fonts?.removeEventListener('loadingdone', fit);
  });
}
