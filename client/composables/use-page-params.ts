import { GRID_VALUES, type GridValue } from '../../contract';
import { parseLang, type Lang } from '../i18n';

export const FIT_MODES = ['letterbox', 'fill'] as const;
export type FitMode = (typeof FIT_MODES)[number];

export interface PageParams {
  /** Kept for the tab, not in the address (`takePageToken`). */
  token: string | null;
  lang: Lang;
  fit: FitMode;
  /** What the map colours grids by at start. */
  color: GridValue;
  /** The wall's scope, as given (checked by the wall); null opens the token's own. */
  scope: string | null;
}

const pick = <T extends string>(list: readonly T[], value: string | null, fallback: T): T =>
  list.find((item) => item === value) ?? fallback;

/** The page's settings live in its URL, so a wall's bookmark (with `?token=`) is its whole configuration. */
export function readPageParams(token: string | null, search = globalThis.location?.search ?? ''): PageParams {
  const params = new URLSearchParams(search);
  return {
    token,
    lang: parseLang(params.get('lang')),
    fit: pick(FIT_MODES, params.get('fit'), 'letterbox'),
    color: pick(GRID_VALUES, params.get('color'), 'reported'),
    scope: params.get('scope') || null,
  };
}
