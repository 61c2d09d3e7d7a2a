import type { GridValue } from '../../contract';

/** Map look as data: colour ramps per grid value, outline and heat styles. The map logic reads only these. */

/**
 * The colours of the classes of each value, cool to hot (class-breaks.ts spreads a map's classes
 * over them). Zero, where nothing happened, is a faint blue of its own.
 */
export const ZERO_COLOR = 'rgba(32, 72, 140, 0.16)';

export const CLASS_PALETTES: Record<GridValue, readonly string[]> = {
  reported: ['#1b5fa8', '#1fa6d6', '#3ee0c0', '#ffd84d', '#ff7a45'],
  open: ['#1d5aa6', '#2aa7d8', '#7fd8a0', '#ffc247', '#ff6a4d'],
  overdue: ['#ffc46b', '#ff9f43', '#ff7a52', '#ff5d6c', '#ff2d55'],
};

/**
 * The scope's children coloured as areas (a district's streets), over the grids' own colours
 * while the map frames them; the grids take over once zoomed in `gridZoomIn` levels from the
 * frame, and never before `gridMinZoom` (where a 150 m grid is a few pixels wide).
 */
export const CHOROPLETH = {
  opacity: 0.78,
  lineColor: 'rgba(140, 190, 255, 0.45)',
  lineWidth: 1.2,
  gridZoomIn: 2,
  gridMinZoom: 12,
} as const;

export const GRID_FILL_OPACITY = 0.82;

export const GRID_LINE = { color: 'rgba(110, 160, 240, 0.22)', width: 0.5, minzoomOffset: 2 } as const;

export const OUTLINES = {
  districts: { color: '#48c8ff', width: 1.6, glowColor: 'rgba(72, 200, 255, 0.28)', glowWidth: 5 },
  streets: { color: 'rgba(120, 170, 255, 0.45)', width: 0.7, minzoomOffset: 0.6 },
} as const;

export const SELECTION = { color: '#ffffff', width: 2.5 } as const;

/** A centre's wall: the areas around its own are dimmed under this veil, its own outlined. */
export const SCOPE_MASK = { color: '#040b1a', opacity: 0.72, outlineColor: '#7fe3ff', outlineWidth: 2.2 } as const;

export const BACKGROUND = '#040b1a';

export const HEAT = {
  maxzoomOffset: 3.5,
  radius: 10,
  intensity: 0.7,
  opacity: 0.55,
  ramp: [
    [0, 'rgba(0, 0, 0, 0)'],
    [0.2, 'rgba(40, 120, 255, 0.5)'],
    [0.45, 'rgba(60, 220, 255, 0.7)'],
    [0.7, 'rgba(255, 220, 80, 0.85)'],
    [1, 'rgba(255, 80, 90, 0.95)'],
  ],
} as const;

/** Upper bound of points fed to the heat layer (the store bounds them too). */
export const HEAT_POINTS_MAX = 3000;
