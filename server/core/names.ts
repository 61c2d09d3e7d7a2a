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
}
