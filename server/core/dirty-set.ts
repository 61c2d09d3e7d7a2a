/** A set of small integers with O(1) add and clear proportional to its size (a flag per member plus the list of members). */
export class DirtySet {
  private readonly flags: Uint8Array;
  private readonly members: number[] = [];

  constructor(capacity: number) {
    this.flags = new Uint8Array(capacity);
  }

  add(i: number): void {
    if (this.flags[i] === 0) {
      this.flags[i] = 1;
      this.members.push(i);
    }
  }

  get size(): number {
    return this.members.length;
  }

  values(): readonly number[] {
    return this.members;
  }

  clear(): void {
    for (const i of this.members) this.flags[i] = 0;
    this.members.length = 0;
  }
}
