/** Bits per id and probes: about 1 % false positives per layer. */
const BITS_PER_ID = 10;
const PROBES = 7;

/**
 * A Bloom filter of ids that grows in layers (each twice the last): "surely not there" for
 * almost every id never added, never for one added. Lets a long replay skip the SQLite look-up
 * of each new case id among the cases it has forgotten so far.
 */
export class IdFilter {
  private readonly layers: Array<{ bits: Uint32Array; capacity: number; count: number }> = [];

  add(id: string): void {
    let layer = this.layers.at(-1);
    if (layer === undefined || layer.count >= layer.capacity) {
      const capacity = layer === undefined ? 1 << 16 : layer.capacity * 2;
      layer = { bits: new Uint32Array(Math.ceil((capacity * BITS_PER_ID) / 32)), capacity, count: 0 };
      this.layers.push(layer);
    }
    const [h1, h2] = hashes(id);
    const size = layer.bits.length * 32;
    for (let i = 0; i < PROBES; i += 1) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % size;
      layer.bits[at >>> 5] |= 1 << (at & 31);
    }
    layer.count += 1;
  }

  mayHave(id: string): boolean {
    const [h1, h2] = hashes(id);
    return this.layers.some(({ bits }) => {
      const size = bits.length * 32;
      for (let i = 0; i < PROBES; i += 1) {
        const at = ((h1 + Math.imul(i, h2)) >>> 0) % size;
        if (((bits[at >>> 5] >>> (at & 31)) & 1) === 0) return false;
      }
      return true;
    });
  }
}

/** Two independent 32-bit FNV-1a hashes of the id's UTF-16 code units (the second never 0). */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a ^= a >>> 15;
  b ^= b >>> 13;
  return [a >>> 0, (b | 1) >>> 0];
}
