/**
 * The `capacity` most recently updated cases of one scope, newest first (ties: higher case
 * number first). Bounded: a case retracted from the list is not replaced by one that had
 * already fallen off, so the list may run short after such a (rare) retraction.
 */
export class RecentList {
  private readonly cases: Int32Array;
  private readonly times: Float64Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.cases = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
  }

  insert(n: number, time: number): void {
    const at = this.positionOf(n, time);
    if (at >= this.capacity) return;
    const end = Math.min(this.size, this.capacity - 1);
    this.cases.copyWithin(at + 1, at, end);
    this.times.copyWithin(at + 1, at, end);
    this.cases[at] = n;
    this.times[at] = time;
    if (this.size < this.capacity) this.size += 1;
  }

  remove(n: number, time: number): void {
    if (this.size === 0 || time < this.times[this.size - 1]) return;
    for (let i = this.firstAtOrBefore(time); i < this.size && this.times[i] === time; i += 1) {
      if (this.cases[i] !== n) continue;
      this.cases.copyWithin(i, i + 1, this.size);
      this.times.copyWithin(i, i + 1, this.size);
      this.size -= 1;
      return;
    }
  }

  at(i: number): number {
    return this.cases[i];
  }

  timeAt(i: number): number {
    return this.times[i];
  }

  /** Index where (n, time) belongs: after newer entries and equal-time entries of higher case number. */
  private positionOf(n: number, time: number): number {
    let i = this.firstAtOrBefore(time);
    while (i < this.size && this.times[i] === time && this.cases[i] > n) i += 1;
    return i;
  }

  /** First index whose time is ≤ `time` (times are descending). */
  private firstAtOrBefore(time: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] > time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
