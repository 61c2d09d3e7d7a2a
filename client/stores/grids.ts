import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { GridRow, GridValue } from '../../contract';

export type GridRowsListener = (rows: readonly GridRow[]) => void;

const COLUMN: Record<GridValue, 1 | 2 | 3> = { reported: 1, open: 2, overdue: 3 };

export const gridValue = (row: GridRow, value: GridValue): number => row[COLUMN[value]];

/**
 * Today's value per grid. 64,200 rows must not be reactive: the rows live in a plain Map,
 * consumers (the map) subscribe to the changed rows, and `version` lets views react cheaply.
 */
export const useGridsStore = defineStore('grids', () => {
  const rows = new Map<string, GridRow>();
  const listeners = new Set<GridRowsListener>();
  const version = ref(0);

  function emit(changed: readonly GridRow[]): void {
    version.value += 1;
    for (const listener of listeners) listener(changed);
  }

  /** A snapshot replaces every row: grids it does not list go back to zero. */
  function reset(next: readonly GridRow[]): void {
    const changed: GridRow[] = [];
    const listed = new Set<string>();
    for (const row of next) {
      listed.add(row[0]);
      const before = rows.get(row[0]);
      if (!before || before[1] !== row[1] || before[2] !== row[2] || before[3] !== row[3]) changed.push(row);
      rows.set(row[0], row);
    }
    for (const code of rows.keys()) {
      if (listed.has(code)) continue;
      rows.delete(code);
      changed.push([code, 0, 0, 0]);
    }
    emit(changed);
  }

  function update(changed: readonly GridRow[]): void {
    for (const row of changed) rows.set(row[0], row);
    if (changed.length > 0) emit(changed);
  }

  function get(code: string): GridRow | undefined {
    return rows.get(code);
  }

  /** Every row currently known, for a consumer that subscribes late. */
  function all(): IterableIterator<GridRow> {
    return rows.values();
  }

  function subscribe(listener: GridRowsListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function size(): number {
    return rows.size;
  }

  return { version, reset, update, get, all, subscribe, size };
});
