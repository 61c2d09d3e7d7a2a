import { GRID_VALUES, type GridValue, type LiveHandshakeAuth } from '../../contract';
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
  /**
   * A replay (复盘, docs/replay.md): `?replay=<ISO instant>&speed=60` opens the wall at that
   * instant, playing at that speed; null follows the present. The server checks both.
   */
  replay: Required<LiveHandshakeAuth>['replay'] | null;
}

/** A `+` typed into a URL's query arrives as a space: `…T08:00 08:00` is `…T08:00+08:00`. */
const plusOffset = (instant: string): string => instant.trim().replace(/ (\d{2}(:?\d{2})?)$/, '+$1');

function readReplay(params: URLSearchParams): PageParams['replay'] {
  const from = params.get('replay');
  if (!from) return null;
  const speed = params.get('speed');
  // An unreadable speed goes to the server as it is (NaN is sent as null), which says what to write.
  return speed === null || speed === '' ? { from: plusOffset(from) } : { from: plusOffset(from), speed: Number(speed) };
}

/**
 * The page's query with a replay's instant and speed written in (null: none, live); every other
 * parameter is kept. A replaying wall keeps its address on where it is, so a reload resumes there.
 */
export function replaySearch(search: string, replay: { from: string; speed: number } | null): string {
  const params = new URLSearchParams(search);
  params.delete('replay');
  params.delete('speed');
  if (replay) {
    params.set('replay', replay.from);
    params.set('speed', String(replay.speed));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
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
    replay: readReplay(params),
  };
}
