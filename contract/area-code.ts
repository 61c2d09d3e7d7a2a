import type { ScopeLevel } from './vocabulary';

/**
 * The area-code rules, in one place for the server, the pages and the tools. A grid's 15 digits
 * are its district's 6 (GB/T 2260), its street's 3 and its community's 3, then its own 3, so
 * every area's code is a prefix of the codes of everything inside it.
 */

export type AreaLevel = Exclude<ScopeLevel, 'city'>;

/** Digits of each area level's code. */
export const CODE_LENGTH: Readonly<Record<AreaLevel, number>> = { district: 6, street: 9, community: 12, grid: 15 };

const LEVEL_OF_LENGTH = new Map<number, AreaLevel>(Object.entries(CODE_LENGTH).map(([level, length]) => [length, level as AreaLevel]));

/** An area code of any level: 6, 9, 12 or 15 digits. */
export const AREA_CODE_PATTERN = '^(\\d{6}|\\d{9}|\\d{12}|\\d{15})$';
/** A scope as the API and the live protocol take it: `city` or an area code. */
export const SCOPE_PATTERN = '^(city|\\d{6}|\\d{9}|\\d{12}|\\d{15})$';
const SCOPE_REGEX = new RegExp(SCOPE_PATTERN);

/** The level a code's shape says (not whether the city has it); undefined for anything else. */
export function levelOfCode(code: string): ScopeLevel | undefined {
  if (code === 'city') return 'city';
  return SCOPE_REGEX.test(code) ? LEVEL_OF_LENGTH.get(code.length) : undefined;
}

/** The level one below: city → district → street → community → grid; a grid has none. */
export function childLevelOf(level: ScopeLevel): AreaLevel | undefined {
  switch (level) {
    case 'city':
      return 'district';
    case 'district':
      return 'street';
    case 'street':
      return 'community';
    case 'community':
      return 'grid';
    case 'grid':
      return undefined;
  }
}

/** The scope directly above: a grid's community, …, a district's city; undefined for the city. */
export function parentOf(scope: string): string | undefined {
  const level = levelOfCode(scope);
  if (level === undefined || level === 'city') return undefined;
  if (level === 'district') return 'city';
  return scope.slice(0, scope.length - 3);
}

/** The area codes from the district down to the scope itself (empty for the city). */
export function chainOf(scope: string): string[] {
  const level = levelOfCode(scope);
  if (level === undefined || level === 'city') return [];
  const chain: string[] = [];
  for (let length = CODE_LENGTH.district; length <= scope.length; length += 3) chain.push(scope.slice(0, length));
  return chain;
}

/** The district a scope lies in; undefined for the city. */
export function districtOf(scope: string): string | undefined {
  const level = levelOfCode(scope);
  return level === undefined || level === 'city' ? undefined : scope.slice(0, CODE_LENGTH.district);
}

/**
 * The one scope rule: whether `outer` holds `inner` — itself, or anything inside it. The city
 * holds everything; an area holds exactly the codes it is a prefix of.
 */
export function holds(outer: string, inner: string): boolean {
  if (outer === 'city') return levelOfCode(inner) !== undefined;
  const level = levelOfCode(outer);
  return level !== undefined && levelOfCode(inner) !== undefined && inner !== 'city' && inner.startsWith(outer);
}

const COMMITTEE = /(居民委员会|居委会|村民委员会|村委会)$/;

/**
 * A community's name as a screen shows it: its committee's official name without 居民委员会 or
 * 村民委员会 (华一坡社区居民委员会 → 华一坡社区, 石坪村村民委员会 → 石坪村), keeping 社区 or 村.
 * Other names are kept whole.
 */
export function shortAreaName(name: string): string {
  const match = COMMITTEE.exec(name);
  if (match === null) return name;
  const short = name.slice(0, match.index);
  if (short.endsWith('社区') || short.endsWith('村')) return short;
  return short + (match[1].startsWith('村') ? '村' : '社区');
}
