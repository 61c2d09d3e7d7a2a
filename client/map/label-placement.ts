/** A label's box on the map, in CSS pixels from the map's top left corner, centred on its point. */
export interface LabelBox {
  code: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where two labels would overlap, the one of higher priority is shown. */
  priority: number;
}

/** Clear space between two labels, and between a label and the edge of the view, in CSS pixels. */
export const LABEL_GAP = 4;

/** Something over the map that labels keep clear of (a control, the legend), in the same pixels, from its top left corner. */
export interface Obstacle {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The labels to show: whole in the view, clear of the obstacles, and overlapping no label of
 * higher priority (ties go to the lower code, so that the same labels win on every screen).
 * Greedy, by priority: a label hidden by a neighbour never hides another one in turn.
 */
export function placeLabels(boxes: readonly LabelBox[], view: { width: number; height: number }, obstacles: readonly Obstacle[] = [], gap = LABEL_GAP): Set<string> {
  const order = [...boxes].sort((a, b) => b.priority - a.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  /** What a label must not overlap: the obstacles, then the labels shown so far. */
  const taken: Pick<LabelBox, 'x' | 'y' | 'width' | 'height'>[] = obstacles.map((o) => ({ x: o.left + o.width / 2, y: o.top + o.height / 2, width: o.width, height: o.height }));
  const shown = new Set<string>();
  for (const box of order) {
    const halfWidth = box.width / 2 + gap;
    const halfHeight = box.height / 2 + gap;
    const inView = box.x - halfWidth >= 0 && box.y - halfHeight >= 0 && box.x + halfWidth <= view.width && box.y + halfHeight <= view.height;
    if (!inView) continue;
    const overlaps = taken.some((other) => Math.abs(other.x - box.x) * 2 < box.width + other.width + 2 * gap && Math.abs(other.y - box.y) * 2 < box.height + other.height + 2 * gap);
    if (overlaps) continue;
    taken.push(box);
    shown.add(box.code);
  }
  return shown;
}
