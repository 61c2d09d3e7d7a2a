import { describe, expect, it } from 'vitest';
import { classColors, classOf, movedShare, naturalBreaks, nextBreaks, type Histogram } from '../../client/map/class-breaks';

/** A histogram of a list of values, as the map keeps it. */
const histogramOf = (values: readonly number[]): Histogram => {
  const histogram = new Map<number, number>();
  for (const value of values) histogram.set(value, (histogram.get(value) ?? 0) + 1);
  return histogram;
};

/** How many of the non-zero values fall into each class (each value against each break, by hand). */
const classSizes = (values: readonly number[], breaks: readonly number[]): number[] =>
  breaks.map((lower, i) => values.filter((v) => v > 0 && v >= lower && (i + 1 === breaks.length || v < breaks[i + 1])).length);

/** Sum over the classes of the squared deviations of their values from the class's mean. */
function spread(values: readonly number[], breaks: readonly number[]): number {
  let total = 0;
  breaks.forEach((lower, i) => {
    const members = values.filter((v) => v > 0 && v >= lower && (i + 1 === breaks.length || v < breaks[i + 1]));
    const mean = members.reduce((a, b) => a + b, 0) / members.length;
    total += members.reduce((a, v) => a + (v - mean) ** 2, 0);
  });
  return total;
}

/** The reference: every way of cutting the distinct non-zero values into `classes` runs, the least spread. */
function bruteForceSpread(values: readonly number[], classes: number): number {
  const distinct = [...new Set(values.filter((v) => v > 0))].sort((a, b) => a - b);
  const k = Math.min(classes, distinct.length);
  let least = Infinity;
  const choose = (from: number, picked: number[]): void => {
    if (picked.length === k - 1) {
      least = Math.min(least, spread(values, [distinct[0], ...picked.map((i) => distinct[i])]));
      return;
    }
    for (let i = from; i < distinct.length; i++) choose(i + 1, [...picked, i]);
  };
  choose(1, []);
  return least;
}

/** A deterministic pseudo-random sequence (the same on every run). */
function* lcg(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('class breaks from the distribution of the values', () => {
  it('tell the busy urban districts apart where a few are busy and many quiet', () => {
    // A city's day: the values of its districts, skewed as Chongqing's are.
    const values = [1830, 873, 838, 769, 648, 647, 515, 292, 165, 113, 90, 72, 60, 55, 40, 31, 25, 20, 12, 8, 0];
    const breaks = naturalBreaks(histogramOf(values));
    expect(breaks).toHaveLength(5);
    expect(classOf(1830, breaks), 'the busiest stands alone').toBe(4);
    expect(classOf(873, breaks)).toBeGreaterThan(classOf(515, breaks));
    expect(classOf(515, breaks)).toBeGreaterThan(classOf(113, breaks));
    expect(classSizes(values, breaks).every((n) => n > 0)).toBe(true);
    // Ten times the volume, the same shape: the same classes.
    expect(naturalBreaks(histogramOf(values.map((v) => v * 10)))).toEqual(breaks.map((b) => b * 10));
  });

  it('cut a quiet morning’s few counts into classes of their own', () => {
    expect(naturalBreaks(histogramOf([0, 0, 1, 1, 1, 2, 3, 3]))).toEqual([1, 2, 3]);
    expect(naturalBreaks(histogramOf([5, 5, 5]))).toEqual([5]);
    expect(naturalBreaks(histogramOf([0, 0]))).toEqual([]);
    expect(naturalBreaks(new Map())).toEqual([]);
  });

  it('are the least spread of all cuts, as a search of every cut finds', () => {
    const random = lcg(7);
    for (let trial = 0; trial < 60; trial++) {
      const n = 3 + Math.floor(random.next().value * 25);
      const values = Array.from({ length: n }, () => Math.floor(random.next().value ** 3 * 60));
      for (const classes of [2, 3, 5]) {
        const breaks = naturalBreaks(histogramOf(values), classes);
        expect(breaks.every((b, i) => i === 0 || b > breaks[i - 1]), `${values} ascending`).toBe(true);
        expect(classSizes(values, breaks).every((size) => size > 0), `${values} no empty class`).toBe(true);
        if (breaks.length > 0) expect(spread(values, breaks)).toBeCloseTo(bruteForceSpread(values, classes), 6);
      }
    }
  });

  it('put a value in the class of the last break it reaches, zero in none', () => {
    const breaks = [1, 3, 8];
    expect([0, 1, 2, 3, 7, 8, 100].map((v) => classOf(v, breaks))).toEqual([-1, 0, 0, 1, 1, 2, 2]);
    expect(classOf(4, [])).toBe(-1);
  });

  it('stay as they are until fresh ones would move enough areas', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const current = naturalBreaks(histogramOf(values));
    expect(current).toEqual([1, 21, 41, 61, 81]);
    // Three busy areas more shift the breaks a little: few areas would change colour, so none does.
    const threeMore = histogramOf([...values, 100, 100, 100]);
    const fresh = naturalBreaks(threeMore);
    expect(fresh).not.toEqual(current);
    expect(movedShare(threeMore, current, fresh)).toBeLessThan(0.1);
    expect(nextBreaks(threeMore, current)).toBe(current);
    // The day changes shape: the old breaks would put most areas in one class.
    const skewed = histogramOf(values.map((v) => (v > 90 ? v * 20 : v)));
    expect(movedShare(skewed, current, naturalBreaks(skewed))).toBeGreaterThan(0.1);
    expect(nextBreaks(skewed, current)).toEqual(naturalBreaks(skewed));
    // The first non-zero value gives breaks at once.
    expect(nextBreaks(histogramOf([0, 0, 3]), [])).toEqual([3]);
  });
});

describe('class colours', () => {
  const palette = ['a', 'b', 'c', 'd', 'e'];
  it('run from the coolest to the hottest whatever the number of classes', () => {
    expect(classColors(palette, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(classColors(palette, 3)).toEqual(['a', 'c', 'e']);
    expect(classColors(palette, 2)).toEqual(['a', 'e']);
    expect(classColors(palette, 1)).toEqual(['c']);
    expect(classColors(palette, 0)).toEqual([]);
  });
});
