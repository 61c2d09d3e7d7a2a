import { grownCapacity, resized } from './typed-growth';

/**
 * Open cases by deadline, earliest first: a binary min-heap with lazy deletion. A case is
 * pushed again whenever its deadline changes; the caller validates what it pops (the case may
 * have closed or moved its deadline since), so nothing is ever searched for or removed.
 */
export class OverdueQueue {
  private deadlines = new Float64Array(0);
  private cases = new Int32Array(0);
  size = 0;

  push(deadline: number, n: number): void {
    if (this.size === this.deadlines.length) {
      const capacity = grownCapacity(this.deadlines.length, this.size + 1);
      this.deadlines = resized(this.deadlines, capacity);
      this.cases = resized(this.cases, capacity);
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.deadlines[parent] <= deadline) break;
      this.deadlines[i] = this.deadlines[parent];
      this.cases[i] = this.cases[parent];
      i = parent;
    }
    this.deadlines[i] = deadline;
    this.cases[i] = n;
  }

  /** Earliest deadline, or +∞ when empty. */
  peekDeadline(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.deadlines[0];
  }

  peekCase(): number {
    return this.cases[0];
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const deadline = this.deadlines[last];
    const n = this.cases[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.deadlines[child + 1] < this.deadlines[child]) child += 1;
      if (this.deadlines[child] >= deadline) break;
      this.deadlines[i] = this.deadlines[child];
      this.cases[i] = this.cases[child];
      i = child;
    }
    this.deadlines[i] = deadline;
    this.cases[i] = n;
  }

  clear(): void {
    this.size = 0;
  }

  /** Rebuilds the heap from the entries `keep` accepts (drops stale ones). */
  compact(keep: (deadline: number, n: number) => boolean): void {
    const deadlines = this.deadlines.slice(0, this.size);
    const cases = this.cases.slice(0, this.size);
    this.size = 0;
    for (let i = 0; i < deadlines.length; i += 1) if (keep(deadlines[i], cases[i])) this.push(deadlines[i], cases[i]);
  }
}
