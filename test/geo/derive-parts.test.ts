import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRing } from '../../mock/geo/echarts-decode';
import { partition } from '../../mock/geo/partition';
import { seededRandom } from '../../mock/geo/random';
import { unionOutline } from '../../server/geo/outline';
import { multiPolygonArea } from './ring-geometry';

describe('ECharts ring decoding', () => {
  it('undoes the zigzag deltas from the offset', () => {
    // (+1, -1) → zigzag 2, 1 → "BA"; (-2, +3) → 3, 6 → "CF"
    expect(decodeRing('BACF', [100, 200])).toEqual([
      [101, 199],
      [99, 202],
    ]);
  });
});

function contiguous(cells: number[], cols: number): boolean {
  const set = new Set(cells);
  const seen = new Set([cells[0]]);
  const queue = [cells[0]];
  while (queue.length > 0) {
    const cell = queue.pop() as number;
    for (const next of [cell - 1, cell + 1, cell - cols, cell + cols]) {
      if (set.has(next) && !seen.has(next) && Math.abs((next % cols) - (cell % cols)) <= 1) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen.size === set.size;
}

describe('partition into areas', () => {
  it('splits a block into k non-empty contiguous regions, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 1000 }), (k, seed) => {
        const cols = 100;
        const cells = Int32Array.from({ length: 400 }, (_, i) => Math.floor(i / 20) * cols + (i % 20));
        const labels = partition(cells, cols, k, seededRandom(seed));
        expect(Array.from(partition(cells, cols, k, seededRandom(seed)))).toEqual(Array.from(labels));
        for (let region = 0; region < k; region++) {
          const members = Array.from(cells).filter((_, i) => labels[i] === region);
          expect(members.length).toBeGreaterThan(0);
          expect(contiguous(members, cols)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]] as Array<[number, number]>];

describe('outline of a union of cells', () => {
  it('keeps cells that touch at a corner apart', () => {
    const outline = unionOutline([square(0, 0), square(1, 1)]);
    expect(outline).toHaveLength(2);
    expect(outline.every((polygon) => polygon.length === 1 && polygon[0].length === 5)).toBe(true);
  });

  it('puts the hole of a ring of cells inside it', () => {
    const ring = [0, 1, 2].flatMap((x) => [0, 1, 2].map((y) => [x, y])).filter(([x, y]) => x !== 1 || y !== 1);
    const outline = unionOutline(ring.map(([x, y]) => square(x, y)));
    expect(outline).toHaveLength(1);
    expect(outline[0]).toHaveLength(2);
    expect(multiPolygonArea(outline)).toBe(8);
  });

  it('has the area of the cells for any set of cells', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, selector: ([x, y]) => x * 8 + y }), (cells) => {
        expect(multiPolygonArea(unionOutline(cells.map(([x, y]) => square(x, y))))).toBe(cells.length);
      }),
    );
  });
});
