/** Names numbered in first-seen order, so typed arrays can hold them as small integers. */
export class Names {
  readonly list: string[] = [];
  private readonly numbers = new Map<string, number>();

  intern(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }

  /** Takes back names numbered as a checkpoint kept them. */
  restore(list: readonly string[]): void {
    this.list.length = 0;
    this.numbers.clear();
    for (const name of list) this.intern(name);
  }
}
