import { grownCapacity, resized } from './typed-growth';

/**
 * Close times (minutes) of one scope and day, collected on demand from the day's closed cases
 * and reduced to exact quantiles (linear interpolation between closest ranks), so retraction
 * is free and the 1% error bound holds trivially (docs/metrics.md#close-times).
 */
export class CloseTimes {
  private values = new Float64Array(1024);
  private count = 0;

  reset(): void {
    this.count = 0;
  }

  push(minutes: number): void {
    if (this.count === this.values.length) this.values = resized(this.values, grownCapacity(this.values.length, this.count + 1));
    this.values[this.count++] = minutes;
  }

  quantiles(): { p50: number | null; p90: number | null } {
    if (this.count === 0) return { p50: null, p90: null };
    const sorted = this.values.subarray(0, this.count).sort();
    return { p50: quantileOf(sorted, 0.5), p90: quantileOf(sorted, 0.9) };
  }
}

/** q-quantile of ascending values: linear interpolation at rank q·(n − 1). */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}
