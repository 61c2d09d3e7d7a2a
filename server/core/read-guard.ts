import type { ScopeLevel } from '../../contract';
import type { CityIndex } from './city-index';
import { CoreError } from './core-error';
import type { LocalTime } from './local-time';
import type { ScopeIndex } from './scope-index';

/** Turns the read API's scope and date arguments into internal numbers, or a CoreError people can act on. */
export class ReadGuard {
  constructor(
    private readonly city: CityIndex,
    private readonly scopes: ScopeIndex,
    private readonly time: LocalTime,
  ) {}

  levelOf(scope: string): ScopeLevel {
    const level = this.city.levelOf(scope);
    const known = level === 'grid' ? this.city.gridIndex(scope) !== undefined : level !== undefined && this.scopes.slotOf(scope) !== undefined;
    if (!level || !known) throw new CoreError('unknown-scope', `unknown scope "${scope}"`);
    return level;
  }

  /** [scope slot, grid index] of a scope: exactly one is defined. */
  placeOf(scope: string): [number | undefined, number | undefined] {
    return this.levelOf(scope) === 'grid' ? [undefined, this.city.gridIndex(scope)] : [this.scopes.slotOf(scope), undefined];
  }

  /** Day number of a retained date (first..today); today when no date is given. */
  dayOf(date: string | undefined, first: number, today: number): number {
    if (date === undefined) return today;
    const day = this.time.parseDay(date);
    if (day === undefined) throw new CoreError('bad-date', `date "${date}" is not a calendar date YYYY-MM-DD`);
    if (day < first || day > today) {
      const range = `${this.time.formatDay(first)} to ${this.time.formatDay(today)}`;
      throw new CoreError('out-of-retention', `date ${date} is outside the retained days ${range}`);
    }
    return day;
  }
}
