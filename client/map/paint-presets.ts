import type { GridValue } from '../../contract';

/** Map look as data: colour ramps per grid value, outline and heat styles. The map logic reads only these. */

export interface ColorStop {
  value: number;
  color: string;
}

export interface GridRamp {
  stops: readonly ColorStop[];
}

const ZERO = 'rgba(32, 72, 140, 0.16)';

export const GRID_RAMPS: Record<GridValue, GridRamp> = {
  reported: {
    stops: [
      { value: 0, color: ZERO },
      { value: 1, color: '#1b5fa8' },
      { value: 3, color: '#1fa6d6' },
      { value: 6, color: '#3ee0c0' },
      { value: 10, color: '#ffd84d' },
      { value: 16, color: '#ff7a45' },
    ],
  },
  open: {
    stops: [
      { value: 0, color: ZERO },
      { value: 1, color: '#1d5aa6' },
      { value: 4, color: '#2aa7d8' },
      { value: 10, color: '#ffc247' },
      { value: 20, color: '#ff6a4d' },
    ],
  },
  overdue: {
    stops: [
      { value: 0, color: ZERO },
      { value: 1, color: '#ff9f43' },
      { value: 3, color: '#ff5d6c' },
      { value: 6, color: '#ff2d55' },
    ],
  },
};

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
