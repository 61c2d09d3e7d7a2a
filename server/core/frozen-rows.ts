import type { NumericArray } from './typed-growth';

/** Rows copied at a time: a few megabytes of a case store, so that no copy holds the event loop for long. */
export const FROZEN_CHUNK_ROWS = 32_768;

/**
 * The rows [0, rows) of some parallel arrays as they stood at one instant, read out chunk by
 * chunk while the owner keeps writing them: before a row of a chunk not yet read is written, the
 * owner calls `beforeWrite`, which keeps a copy of that chunk as it was (copy on write). Rows
 * added after the instant are not part of the image. An array the owner replaces meanwhile (to
 * grow it) is no longer written, so it is read as it is.
 */
export class FrozenRows {
  private readonly preserved = new Map<number, NumericArray[]>();
  private readonly done: Uint8Array;

  constructor(
    private readonly arrays: readonly NumericArray[],
    /** Elements per row of each array. */
    private readonly widths: readonly number[],
    readonly rows: number,
  ) {
    this.done = new Uint8Array(Math.ceil(rows / FROZEN_CHUNK_ROWS));
  }

  get chunks(): number {
    return this.done.length;
  }

  beforeWrite(row: number): void {
    if (row >= this.rows) return;
    const chunk = (row / FROZEN_CHUNK_ROWS) | 0;
    if (this.done[chunk] === 0) {
      this.preserved.set(chunk, this.copy(chunk));
      this.done[chunk] = 1;
    }
  }

  /** Chunk `chunk` of each array as it was at the freeze; each chunk is taken once. */
  take(chunk: number): NumericArray[] {
    const kept = this.preserved.get(chunk);
    this.preserved.delete(chunk);
    this.done[chunk] = 1;
    return kept ?? this.copy(chunk);
  }

  private copy(chunk: number): NumericArray[] {
    const { arrays, widths } = this;
    const from = chunk * FROZEN_CHUNK_ROWS;
    const to = Math.min(this.rows, from + FROZEN_CHUNK_ROWS);
    return arrays.map((array, i) => array.slice(from * widths[i], to * widths[i]));
  }
}
