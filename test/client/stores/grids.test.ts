import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GridRow } from '../../../contract';
import { useGridsStore } from '../../../client/stores/grids';
import { row } from '../fixtures';

describe('grids store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('tells subscribers only the rows that changed, and zeroes grids a snapshot no longer lists', () => {
    const grids = useGridsStore();
    const seen: GridRow[][] = [];
    const unsubscribe = grids.subscribe((rows) => seen.push([...rows]));
    grids.reset([row('a', 1, 1, 0), row('b', 2, 2, 1)]);
    grids.reset([row('a', 1, 1, 0), row('c', 3, 0, 0)]);
    grids.update([row('c', 4, 1, 0)]);
    unsubscribe();
    grids.update([row('a', 9, 9, 9)]);
    expect(seen).toEqual([
      [row('a', 1, 1, 0), row('b', 2, 2, 1)],
      [row('c', 3, 0, 0), row('b', 0, 0, 0)],
      [row('c', 4, 1, 0)],
    ]);
    expect(grids.size()).toBe(2);
    expect(grids.get('b')).toBeUndefined();
    expect(grids.version).toBe(4);
  });
});
