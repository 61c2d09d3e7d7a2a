import type { AnyLayer, Expression } from 'mapbox-gl';
import { childLevelOf, holds, levelOfCode, type GridValue } from '../../contract';
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

/** A community's grids: their ids in the grid index run from `first` to `last` (codes in order, grouped by community). */
export interface ChildGrids {
  first: number;
  last: number;
}

/** Where a community's grids are in the grid index, from the codes in index order; undefined for any other scope. */
export function childGridsOf(scope: string, gridCodes: readonly string[]): ChildGrids | undefined {
  if (levelOfCode(scope) !== 'community') return undefined;
  const first = gridCodes.findIndex((code) => holds(scope, code));
  if (first === -1) return undefined;
  let last = first;
  while (last + 1 < gridCodes.length && holds(scope, gridCodes[last + 1])) last += 1;
  return { first, last };
}

/** The children's line width for a layout drawn at `scale` screen pixels per design pixel (what setScale re-applies). */
export const childAreaSizedPaint = (scale: number): Record<string, Record<string, unknown>> => ({
  [AREA_LAYER.line]: { 'line-width': CHOROPLETH.lineWidth * scale },
});

/** A community's children are its grids, coloured as grids: the lines between them, at every zoom, as the other walls draw their children's. */
export function childGridLines(grids: ChildGrids, scale = 1): AnyLayer[] {
  return [
    {
      id: AREA_LAYER.line,
      type: 'line',
      source: SOURCE.tiles,
      'source-layer': TILE_LAYER.grids,
      filter: ['all', ['>=', ['id'], grids.first], ['<=', ['id'], grids.last]],
      paint: { 'line-color': CHOROPLETH.lineColor, ...childAreaSizedPaint(scale)[AREA_LAYER.line] },
    },
  ] as AnyLayer[];
}

/** The children's fill (in the zero colour until their first figures) and the lines between them, up to `gridZoom`. */
export function childAreaLayers(children: ChildAreas, value: GridValue, gridZoom: number, scale = 1): AnyLayer[] {
  const source = { source: SOURCE.tiles, 'source-layer': children.sourceLayer, maxzoom: gridZoom, ...(children.filter ? { filter: children.filter } : {}) };
  return [
    { id: AREA_LAYER.fill, type: 'fill', ...source, paint: { 'fill-color': toneColor(value), 'fill-opacity': CHOROPLETH.opacity } },
    { id: AREA_LAYER.line, type: 'line', ...source, paint: { 'line-color': CHOROPLETH.lineColor, ...childAreaSizedPaint(scale)[AREA_LAYER.line] } },
  ] as AnyLayer[];
}
