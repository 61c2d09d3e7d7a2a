import type { Translate } from '../i18n';

/** Colours of the wall, shared by charts, rings and the map legend. */
export const COLORS = {
  text: '#d8e6ff',
  textDim: '#7f93b8',
  axis: '#2a3b5e',
  split: 'rgba(80, 120, 190, 0.18)',
  accent: '#3ad0ff',
  accentSoft: 'rgba(58, 208, 255, 0.25)',
  reference: '#8a7dff',
  good: '#2ee6a8',
  warn: '#ffb547',
  bad: '#ff5d6c',
  series: ['#3ad0ff', '#2ee6a8', '#ffb547', '#8a7dff', '#ff7eb6', '#5b8cff', '#ffd84d', '#4ef0e0', '#ff9360', '#b0f25b', '#c58bff'],
} as const;

export interface ChartContext {
  /** Screen pixels per design pixel. */
  scale: number;
  t: Translate;
  /** The family text is set in: the pages' face once the slices for the chart's text have arrived, the machine's fonts until then (BaseChart). */
  font: string;
}

/** A size given in design pixels, in screen pixels. */
export const px = (ctx: ChartContext, designPx: number): number => Math.round(designPx * ctx.scale * 10) / 10;

/**
 * Figures change every tick, so charts take each update without a transition (their first
 * drawing still animates in): six canvases redrawn on every frame for 300 ms after each delta
 * made the wall miss frames under 1 Hz deltas on a software compositor (bench/README.md#the-wall).
 * The KPI cards' count-up is the wall's sign of change.
 */
export const UPDATE_ANIMATION = { animationDurationUpdate: 0 } as const;
