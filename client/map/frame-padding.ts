import type { PaddingOptions } from 'mapbox-gl';
import type { Obstacle } from './label-placement';

/** Clear space between a framed area and the edges of the view, in CSS pixels. */
export const FRAME_GAP = 24;

/** Where what the page lays over the map (its controls, a legend) is, in CSS pixels from the map's top left corner. */
export function overlayBoxes(container: HTMLElement, overlays: readonly HTMLElement[]): Obstacle[] {
  const origin = container.getBoundingClientRect();
  return overlays.map((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height };
  });
}

/**
 * The padding that frames an area between the overlays along the view's top and bottom edges,
 * `FRAME_GAP` clear of them, so that nothing of the area lies under them; only the gap where
 * that would leave less than half of the view's height.
 */
export function paddingBetween(view: { width: number; height: number }, overlays: readonly Obstacle[]): PaddingOptions {
  const padding = { top: FRAME_GAP, bottom: FRAME_GAP, left: FRAME_GAP, right: FRAME_GAP };
  for (const o of overlays) {
    if (o.top + o.height / 2 < view.height / 2) padding.top = Math.max(padding.top, o.top + o.height + FRAME_GAP);
    else padding.bottom = Math.max(padding.bottom, view.height - o.top + FRAME_GAP);
  }
  return padding.top + padding.bottom > view.height / 2 ? { top: FRAME_GAP, bottom: FRAME_GAP, left: FRAME_GAP, right: FRAME_GAP } : padding;
}
