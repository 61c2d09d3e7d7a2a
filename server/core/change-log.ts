import { DirtySet } from './dirty-set';

/** Most changed cases remembered between drains (a rebuild changes millions; the ticker needs the latest). */
export const CHANGED_CASES_KEPT = 2000;
/** Most deadline passings remembered between drains. */
export const PASSED_KEPT = 10_000;

/** What changed since the previous drain, as internal numbers (the aggregator turns them into codes). */
export class ChangeLog {
  /** Scope slots (city, districts, streets). */
  readonly scopes: DirtySet;
  /** Grids whose today figures changed (their grid rooms' summaries). */
  readonly gridFigures: DirtySet;
  /** Grids whose GridRow (reported today, open, overdue) changed. */
  readonly gridRows: DirtySet;
  /** Case numbers in order of change, repeats included; trimmed to the latest when it grows. */
  private touches: number[] = [];
  passed: number[] = [];
  newDay = false;

  constructor(scopeCount: number, gridCount: number) {
    this.scopes = new DirtySet(scopeCount);
    this.gridFigures = new DirtySet(gridCount);
    this.gridRows = new DirtySet(gridCount);
  }

  touchCase(n: number): void {
    this.touches.push(n);
    if (this.touches.length > 8 * CHANGED_CASES_KEPT) this.touches = this.cases();
  }

  /** The latest CHANGED_CASES_KEPT distinct changed cases, oldest change first. */
  cases(): number[] {
    const seen = new Set<number>();
    const latest: number[] = [];
    for (let i = this.touches.length - 1; i >= 0 && latest.length < CHANGED_CASES_KEPT; i -= 1) {
      const n = this.touches[i];
      if (seen.has(n)) continue;
      seen.add(n);
      latest.push(n);
    }
    return latest.reverse();
  }

  /** Gives the cases noted their new numbers after a compaction (a forgotten case, −1, is dropped). */
  renumber(newNumber: Int32Array): void {
    this.touches = this.touches.map((n) => newNumber[n]).filter((n) => n >= 0);
    this.passed = this.passed.map((n) => newNumber[n]).filter((n) => n >= 0);
  }

  passDeadline(n: number): void {
    if (this.passed.length < PASSED_KEPT) this.passed.push(n);
  }

  clear(): void {
    this.scopes.clear();
    this.gridFigures.clear();
    this.gridRows.clear();
    this.touches = [];
    this.passed = [];
    this.newDay = false;
  }
}
