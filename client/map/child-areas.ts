import type { AnyLayer, Expression } from 'mapbox-gl';
import { childLevelOf, levelOfCode, type GridValue } from '../../contract';
import { SOURCE, TILE_LAYER, toneColor } from './layers';
import { CHOROPLETH } from './paint-presets';

/**
 * A wall colours its scope's children as areas while it frames them (the city's districts, a
 * district's streets, a street's communities), by class of the chosen value, and its grids once
 * zoomed in. A community's children are its grids: its wall colours grids at every zoom.
 */
export const AREA_LAYER = { fill: 'area-fill', line: 'area-line' } as const;

export interface ChildAreas {
  /** The tiles' layer the children are cut from; their features' id is their code as a number. */
  sourceLayer: string;
  filter?: Expression;
}

/** Where the scope's children are in the tiles, or undefined when they are grids (or there are none). */
export function childAreasOf(scope: string): ChildAreas | undefined {
  const level = levelOfCode(scope) ?? 'city';
  switch (childLevelOf(level)) {
    case 'district':
      return { sourceLayer: TILE_LAYER.districts };
    case 'street':
      return { sourceLayer: TILE_LAYER.streets, filter: ['==', ['get', 'district'], scope] };
    case 'community':
      return { sourceLayer: TILE_LAYER.communities, filter: ['==', ['get', 'street'], scope] };
    default:
      return undefined;
  }
}

/** The zoom from which the grids are drawn: the frame's zoom plus a few levels, and never before a grid is a few pixels wide. */
export const gridZoomOf = (fitZoom: number): number => Math.max(fitZoom + CHOROPLETH.gridZoomIn, CHOROPLETH.gridMinZoom);

/** The children's line width for a layout drawn at `scale` screen pixels per design pixel (what setScale re-applies). */
export const childAreaSizedPaint = (scale: number): Record<string, Record<string, unknown>> => ({
  [AREA_LAYER.line]: { 'line-width': CHOROPLETH.lineWidth * scale },
});

/** The children's fill (in the zero colour until their first figures) and the lines between them, up to `gridZoom`. */
export function childAreaLayers(children: ChildAreas, value: GridValue, gridZoom: number, scale = 1): AnyLayer[] {
  const source = { source: SOURCE.tiles, 'source-layer': children.sourceLayer, maxzoom: gridZoom, ...(children.filter ? { filter: children.filter } : {}) };
  return [
    { id: AREA_LAYER.fill, type: 'fill', ...source, paint: { 'fill-color': toneColor(value), 'fill-opacity': CHOROPLETH.opacity } },
    { id: AREA_LAYER.line, type: 'line', ...source, paint: { 'line-color': CHOROPLETH.lineColor, ...childAreaSizedPaint(scale)[AREA_LAYER.line] } },
  ] as AnyLayer[];
}
