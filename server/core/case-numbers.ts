/**
 * caseId → case number, as an open-addressing hash table (linear probing) over an Int32Array of
 * case numbers whose ids live in `ids`: 4–8 bytes a case instead of ~45 for a Map entry.
 */
export class CaseNumbers {
  private slots = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  private count = 0;

  constructor(private readonly ids: readonly string[]) {}

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

  private place(n: number): void {
    let i = hashOf(this.ids[n]) & this.mask;
    while (this.slots[i] >= 0) i = (i + 1) & this.mask;
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
