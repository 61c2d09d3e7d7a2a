import type { FrozenRows } from './frozen-rows';

/**
 * caseId → case number, as an open-addressing hash table (linear probing) over an Int32Array of
 * case numbers whose ids live in `ids`: 4–8 bytes a case instead of ~45 for a Map entry.
 */
export class CaseNumbers {
  private slots = new Int32Array(1 << 16).fill(-1);
  /** The table as a checkpoint being written saw it, while it is written (copy on write). */
  frozen: FrozenRows | undefined;
  private mask = (1 << 16) - 1;
  private count = 0;

  constructor(private ids: readonly string[]) {}

  /** The table as it stands (slots of case numbers, -1 free), for a checkpoint. */
  get table(): Int32Array {
    return this.slots;
  }

  /** Takes back a table a checkpoint kept, over the ids it numbers. */
  restore(ids: readonly string[], table: Int32Array<ArrayBuffer>): void {
    this.ids = ids;
    this.slots = table;
    this.mask = table.length - 1;
    this.count = ids.length;
  }

  get(id: string): number | undefined {
    for (let i = hashOf(id) & this.mask; ; i = (i + 1) & this.mask) {
      const n = this.slots[i];
      if (n < 0) return undefined;
      if (this.ids[n] === id) return n;
    }
  }

  /** Adds case n, whose id is already `ids[n]` and not yet in the table. */
  add(n: number): void {
    if (++this.count * 10 > this.slots.length * 7) this.rehash();
    this.place(n);
  }

  /** A table that holds `count` ids without rehashing. */
  reserve(count: number): void {
    while (count * 10 > this.slots.length * 7) this.rehash();
  }

  /**
   * Forgets case n, whose id is still `ids[n]`: its slot is emptied and the entries after it in
   * its probe run move back where their own probes find them (deletion without tombstones).
   */
  remove(n: number): void {
    const { slots, mask } = this;
    let i = hashOf(this.ids[n]) & mask;
    while (slots[i] !== n) {
      if (slots[i] < 0) return;
      i = (i + 1) & mask;
    }
    for (let j = (i + 1) & mask; slots[j] >= 0; j = (j + 1) & mask) {
      const home = hashOf(this.ids[slots[j]]) & mask;
      // The entry at j may fill the hole at i only if its probe run passes i on its way to j.
      if (i <= j ? home > i && home <= j : home > i || home <= j) continue;
      slots[i] = slots[j];
      i = j;
    }
    slots[i] = -1;
    this.count -= 1;
  }

  /** Gives every entry its new case number (after the cases were compacted, `ids` following). */
  renumber(newNumber: Int32Array, ids: readonly string[]): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 1) if (slots[i] >= 0) slots[i] = newNumber[slots[i]];
    this.ids = ids;
  }

  private place(n: number): void {
    let i = hashOf(this.ids[n]) & this.mask;
    while (this.slots[i] >= 0) i = (i + 1) & this.mask;
    this.frozen?.beforeWrite(i);
    this.slots[i] = n;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (const n of old) if (n >= 0) this.place(n);
  }
}

/** FNV-1a over UTF-16 code units, with a final avalanche so that sequential ids spread. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
