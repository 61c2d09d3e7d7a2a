/**
 * Which of `size` numbered items are dead, and where each living one moves when the dead are
 * removed and the living close up in order: a bit each plus a count per 32 of them, instead of a
 * full table of new numbers (an event pool holds tens of millions).
 */
export class Tombstones {
  private readonly bits: Uint32Array;
  private readonly before: Int32Array;
  dead = 0;

  constructor(readonly size: number) {
    this.bits = new Uint32Array((size + 31) >>> 5);
    this.before = new Int32Array(this.bits.length);
  }

  mark(i: number): void {
    this.bits[i >>> 5] |= 1 << (i & 31);
  }

  isDead(i: number): boolean {
    return ((this.bits[i >>> 5] >>> (i & 31)) & 1) === 1;
  }

  /** Counts the dead once every mark is made; rank() needs it. */
  seal(): void {
    let dead = 0;
    for (let w = 0; w < this.bits.length; w += 1) {
      this.before[w] = dead;
      dead += popcount(this.bits[w]);
    }
    this.dead = dead;
  }

  /** The new number of living item i: i less the dead before it. */
  rank(i: number): number {
    const w = i >>> 5;
    const below = this.bits[w] & (((1 << (i & 31)) >>> 0) - 1);
    return i - this.before[w] - popcount(below);
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
