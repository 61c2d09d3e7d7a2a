/**
 * Report times of each grid and street over a trailing window (8 days for the surge check),
 * kept sorted so any time range counts exactly with two binary searches. A grid gets a few
 * reports a day and a street a few dozen, so the arrays stay short and late arrivals are
 * cheap to insert in place.
 */
export class ReportTimes {
  private readonly times = new Map<string, number[]>();
  private readonly counted = new Map<string, number>();

  /** Counts a case once (later changes of the same case are ignored). Returns whether it was new. */
  add(caseId: string, reportedAt: number, scopes: readonly string[]): boolean {
    if (this.counted.has(caseId)) return false;
    this.counted.set(caseId, reportedAt);
    for (const scope of scopes) {
      const list = this.times.get(scope);
      if (!list) this.times.set(scope, [reportedAt]);
      else list.splice(upperBound(list, reportedAt), 0, reportedAt);
    }
    return true;
  }

  /** Whether a case is counted already. */
  has(caseId: string): boolean {
    return this.counted.has(caseId);
  }

  /** Reports of a scope with `from <= reportedAt < to`. */
  between(scope: string, from: number, to: number): number {
    const list = this.times.get(scope);
    if (!list || to <= from) return 0;
    return lowerBound(list, to) - lowerBound(list, from);
  }

  /** Forgets everything reported before `before`. */
  prune(before: number): void {
    for (const [scope, list] of this.times) {
      const keep = lowerBound(list, before);
      if (keep === list.length) this.times.delete(scope);
      else if (keep > 0) list.splice(0, keep);
    }
    for (const [caseId, at] of this.counted) if (at < before) this.counted.delete(caseId);
  }

  get size(): number {
    return this.counted.size;
  }
}

/** First index whose value is >= t. */
function lowerBound(list: readonly number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > t. */
function upperBound(list: readonly number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
