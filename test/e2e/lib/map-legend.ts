import type { Page } from 'playwright-core';
import { ZERO_COLOR } from '../../../client/map/paint-presets';

/** The map's legend as its element says it: what it colours (`areas` or `grids`), by which value, its classes' lower bounds and colours. */
export interface Legend {
  level: string | null;
  value: string | null;
  breaks: number[];
  colors: string[];
}

export async function readLegend(page: Page): Promise<Legend> {
  const attrs = await page.$eval('[data-legend]', (el) => ['data-level', 'data-value', 'data-breaks', 'data-colors'].map((name) => el.getAttribute(name)));
  const list = (text: string | null) => (text ?? '').split(' ').filter((item) => item !== '');
  return { level: attrs[0], value: attrs[1], breaks: list(attrs[2]).map(Number), colors: list(attrs[3]) };
}

/** `#rrggbb` or `rgba(r, g, b, a)`, as mapbox-gl prints a colour. */
export function rgba(css: string): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  return hex ? `rgba(${hex.slice(1).map((h) => parseInt(h, 16)).join(',')},1)` : css.replace(/\s+/g, '');
}

/**
 * The reference: a child's colour is the zero colour for 0, else the colour of the last class
 * whose lower bound (the legend's breaks) its value reaches.
 */
export function expectedColor(value: number, legend: Legend): string {
  let at = -1;
  legend.breaks.forEach((lower, i) => {
    if (value >= lower) at = i;
  });
  return rgba(value === 0 || at === -1 ? ZERO_COLOR : legend.colors[at]);
}
