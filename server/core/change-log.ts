/** Most changed cases remembered between drains (a rebuild changes millions; the ticker needs the latest). */
export const CHANGED_CASES_KEPT = 2000;
/** Most deadline passings remembered between drains. */
export const PASSED_KEPT = 10_000;

/** What changed since the previous drain, as internal numbers (the aggregator turns them into codes). */
export class ChangeLog {
  /** Scope slots (city, districts, streets). */
  readonly scopes = new Set<number>();
  /** Grids whose today figures changed (their grid rooms' summaries). */
  readonly gridFigures = new Set<number>();
  /** Grids whose GridRow (reported today, open, overdue) changed. */
  readonly gridRows = new Set<number>();
  /** Case numbers, oldest change first. */
  readonly cases = new Set<number>();
  passed: number[] = [];
  newDay = false;

  touchCase(n: number): void {
    this.cases.delete(n);
    this.cases.add(n);
    if (this.cases.size > CHANGED_CASES_KEPT) this.cases.delete(this.cases.values().next().value as number);
  }

  passDeadline(n: number): void {
    if (this.passed.length < PASSED_KEPT) this.passed.push(n);
  }

  clear(): void {
    this.scopes.clear();
    this.gridFigures.clear();
    this.gridRows.clear();
    this.cases.clear();
    this.passed = [];
    this.newDay = false;
  }
}
