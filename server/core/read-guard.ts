import type { ScopeLevel } from '../../contract';
import type { CityIndex } from './city-index';
import { CoreError } from './core-error';
import type { LocalTime } from './local-time';
import type { Place, ScopeIndex } from './scope-index';

/** Turns the read API's scope and date arguments into internal numbers, or a CoreError people can act on. */
export class ReadGuard {
  constructor(
    private readonly city: CityIndex,
    private readonly scopes: ScopeIndex,
    private readonly time: LocalTime,
  ) {}

  /** The level and place of a scope the city has. */
  scopeOf(scope: string): { level: ScopeLevel; place: Place } {
    const level = this.city.levelOf(scope);
    const place = level === undefined ? undefined : this.scopes.placeOf(scope);
    if (level === undefined || place === undefined) throw new CoreError('unknown-scope', `unknown scope "${scope}"`);
    return { level, place };
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
