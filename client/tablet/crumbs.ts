import { chainOf } from '../../contract';
import type { TabletLocation } from './tablet-location';

/** One step of the way down, e.g. 渝中区 › 解放碑街道 › 网格 001003 › 案件 C123. */
export interface Crumb {
  key: string;
  label: string;
  location: TabletLocation;
}

export interface CrumbContext {
  /** Whether the token reads the whole city (the city is the top). */
  city: boolean;
  /** Whether the token reads several areas: a chooser of them is the top. */
  chooser: boolean;
  /** Whether the token reads a scope: the way up ends at the highest area it reads. */
  canRead(scope: string): boolean;
  nameOf(scope: string): string;
  chooserLabel: string;
  caseLabel(caseId: string): string;
}

/** The breadcrumbs of a location; the day is kept on every step, the case only on the last. */
export function buildCrumbs(location: TabletLocation, context: CrumbContext): Crumb[] {
  const at = (scope: string | null): TabletLocation => ({ scope, date: location.date, caseId: null });
  const crumbs: Crumb[] = [];
  if (context.city) crumbs.push({ key: 'city', label: context.nameOf('city'), location: at('city') });
  else if (context.chooser) crumbs.push({ key: 'choose', label: context.chooserLabel, location: at(null) });
  if (location.scope !== null) {
    for (const code of chainOf(location.scope).filter(context.canRead)) crumbs.push({ key: code, label: context.nameOf(code), location: at(code) });
  }
  if (location.caseId !== null) crumbs.push({ key: `case:${location.caseId}`, label: context.caseLabel(location.caseId), location });
  return crumbs;
}
