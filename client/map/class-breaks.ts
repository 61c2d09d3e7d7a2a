/**
 * Class breaks that follow the values' distribution, so that a quiet morning and a busy evening
 * both spread the areas over the colours. Values are counts: zero is a class of its own (nothing
 * happened there), and the non-zero values are cut at their natural breaks (Jenks): the classes
 * that keep the values within each as close together as can be. A city's districts are skewed
 * (a few busy urban ones, many quiet rural ones): quantiles would put every urban district in
 * the top class, natural breaks tell them apart. The input is a histogram (value → how many
 * areas have it), which the map keeps up to date per change, so a break costs the number of
 * distinct values, not of areas (a city wall's grids are 64,200).
 */

/** Value → how many areas have it. */
export type Histogram = ReadonlyMap<number, number>;

/**
 * Lower bounds of the classes of non-zero values, strictly ascending: class i holds the values
 * from `breaks[i]` up to the next break. Empty while every value is zero.
 */
export type Breaks = readonly number[];

/** Classes of non-zero values at most (the zero class aside): a wall's colours must stay apart from across the room. */
export const CLASS_COUNT = 5;

/**
 * Breaks stay as they are until fresh ones would move at least this share of the non-zero areas
 * to another class: a delta that moves one area past a break must not recolour half the map.
 */
export const RECLASS_SHARE = 0.1;

/** The non-zero distinct values, ascending, with how many areas have each. */
function nonZero(histogram: Histogram): [value: number, count: number][] {
  return [...histogram].filter(([value, count]) => value > 0 && count > 0).sort((a, b) => a[0] - b[0]);
}

/**
 * Natural breaks of the non-zero values (Fisher's exact Jenks, over the distinct values weighted
 * by how many areas have each): the cut into at most `classes` classes with the least sum of
 * squared deviations from each class's mean. Fewer distinct values make fewer classes, never an
 * empty one.
 */
export function naturalBreaks(histogram: Histogram, classes = CLASS_COUNT): number[] {
  const values = nonZero(histogram);
  const d = values.length;
  if (d === 0) return [];
  const m = Math.min(classes, d);
  // Prefix sums of weight, weighted value and weighted square: a class's cost in O(1).
  const w = [0];
  const s = [0];
  const q = [0];
  for (const [value, count] of values) {
    w.push(w[w.length - 1] + count);
    s.push(s[s.length - 1] + count * value);
    q.push(q[q.length - 1] + count * value * value);
  }
  /** Sum of squared deviations of the distinct values from..to (inclusive). */
  const cost = (from: number, to: number): number => {
    const sum = s[to + 1] - s[from];
    return q[to + 1] - q[from] - (sum * sum) / (w[to + 1] - w[from]);
  };
  // best[c][j]: least cost of values 0..j in c+1 classes; start[c][j]: where its last class starts.
  const best = [Array.from({ length: d }, (_, j) => cost(0, j))];
  const start = [new Array<number>(d).fill(0)];
  for (let c = 1; c < m; c++) {
    best.push(new Array<number>(d).fill(Infinity));
    start.push(new Array<number>(d).fill(c));
    for (let j = c; j < d; j++) {
      for (let from = c; from <= j; from++) {
        const total = best[c - 1][from - 1] + cost(from, j);
        if (total < best[c][j]) {
          best[c][j] = total;
          start[c][j] = from;
        }
      }
    }
  }
  const breaks: number[] = [];
  for (let c = m - 1, j = d - 1; c >= 0; c--) {
    const from = start[c][j];
    breaks.unshift(values[from][0]);
    j = from - 1;
  }
  return breaks;
}

/** The class of a value: -1 for zero (or below every break), else the index of the last break it reaches. */
export function classOf(value: number, breaks: Breaks): number {
  let found = -1;
  for (let i = 0; i < breaks.length && breaks[i] <= value; i++) found = i;
  return value > 0 ? found : -1;
}

/** The share of the non-zero areas whose class differs between two sets of breaks (0 when there are none). */
export function movedShare(histogram: Histogram, from: Breaks, to: Breaks): number {
  let moved = 0;
  let n = 0;
  for (const [value, count] of nonZero(histogram)) {
    n += count;
    if (classOf(value, from) !== classOf(value, to)) moved += count;
  }
  return n === 0 ? 0 : moved / n;
}

/** The breaks to colour by now: fresh ones once they would move enough areas, else the current ones. */
export function nextBreaks(histogram: Histogram, current: Breaks, classes = CLASS_COUNT, share = RECLASS_SHARE): Breaks {
  const fresh = naturalBreaks(histogram, classes);
  const same = fresh.length === current.length && fresh.every((b, i) => b === current[i]);
  return !same && movedShare(histogram, current, fresh) >= share ? fresh : current;
}

/**
 * Where each class's colour is in a palette ordered cool to hot: the lowest class takes the
 * first colour and the highest the last, the others spread evenly between; a single class takes
 * the middle one (every area alike is neither quiet nor hot).
 */
export function classTones(classes: number, paletteSize: number): number[] {
  if (classes <= 0) return [];
  if (classes === 1) return [Math.floor((paletteSize - 1) / 2)];
  return Array.from({ length: classes }, (_, i) => Math.round((i * (paletteSize - 1)) / (classes - 1)));
}

/** The colour of each class, from a palette ordered cool to hot (`classTones`). */
export const classColors = (palette: readonly string[], classes: number): string[] => classTones(classes, palette.length).map((tone) => palette[tone]);

/** The palette index a value is drawn in (its class's tone), or -1 for zero: what the map keeps in each feature's state. */
export function toneOf(value: number, breaks: Breaks, paletteSize: number): number {
  const at = classOf(value, breaks);
  return at === -1 ? -1 : classTones(breaks.length, paletteSize)[at];
}
