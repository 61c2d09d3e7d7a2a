import { shortAreaName } from '../../contract';

/**
 * A child area's name as a ranking shows it, for both screens: short (华一坡社区, not its
 * committee's 华一坡社区居民委员会), and without its parent's name in front, which the screen
 * already shows (a community's 第3网格). The full name goes in a title where the screen has one.
 */
export function childLabel(childName: string, parentName: string): string {
  const short = shortAreaName(childName);
  const parent = shortAreaName(parentName);
  return parent !== '' && short.length > parent.length && short.startsWith(parent) ? short.slice(parent.length) : short;
}
