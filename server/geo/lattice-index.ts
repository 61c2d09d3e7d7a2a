const SHIFT = 5;
const SIDE = 1 << SHIFT;
const MASK = SIDE - 1;

/**
 * Cell → grid index over a sparse lattice, in typed arrays only: the lattice is cut into 32×32
 * blocks and only blocks holding grids are stored (the demo city's 64,200 grids fill a few
 * hundred of its ~8,400 blocks), so a lookup is two array reads.
 */
export class LatticeIndex {
  private readonly blockCols: number;
  /** Per block: start of its slots in `slots`, or -1 when it holds no grid. */
  private readonly blocks: Int32Array;
  /** Per stored block, SIDE×SIDE slots: grid index, or -1. */
  private readonly slots: Int32Array;

  constructor(
    private readonly cols: number,
    private readonly rows: number,
    cells: ArrayLike<number>,
  ) {
    this.blockCols = Math.ceil(cols / SIDE);
    this.blocks = new Int32Array(this.blockCols * Math.ceil(rows / SIDE)).fill(-1);
    let stored = 0;
    for (let i = 0; i < cells.length; i++) {
      const block = this.blockOfCell(cells[i]);
      if (this.blocks[block] === -1) this.blocks[block] = SIDE * SIDE * stored++;
    }
    this.slots = new Int32Array(SIDE * SIDE * stored).fill(-1);
    for (let i = 0; i < cells.length; i++) {
      const slot = this.slotOf(Math.floor(cells[i] / cols), cells[i] % cols);
      if (this.slots[slot] !== -1) throw new Error(`lattice cell ${cells[i]} holds two grids`);
      this.slots[slot] = i;
    }
  }

  private blockOfCell(cell: number): number {
    return ((Math.floor(cell / this.cols) >> SHIFT) * this.blockCols) + ((cell % this.cols) >> SHIFT);
  }

  private slotOf(row: number, col: number): number {
    return this.blocks[(row >> SHIFT) * this.blockCols + (col >> SHIFT)] + ((row & MASK) << SHIFT) + (col & MASK);
  }

  /** Grid index at a lattice row and column, or -1 (also off the lattice). */
  get(row: number, col: number): number {
    if (!(row >= 0 && col >= 0 && row < this.rows && col < this.cols)) return -1;
    const start = this.blocks[(row >> SHIFT) * this.blockCols + (col >> SHIFT)];
    return start === -1 ? -1 : this.slots[start + ((row & MASK) << SHIFT) + (col & MASK)];
  }
}
