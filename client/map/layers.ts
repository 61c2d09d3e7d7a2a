import type { AnyLayer, Expression } from 'mapbox-gl';
import type { GridValue } from '../../contract';
import { CLASS_PALETTES, GRID_FILL_OPACITY, GRID_LINE, HEAT, OUTLINES, SELECTION, ZERO_COLOR } from './paint-presets';

/**
 * Source and layer ids: the rest of the module refers to them only through here. The server's
 * vector tiles hold the grids and the street and district outlines as three source layers, so
 * the browser slices no outline GeoJSON of its own, which held back the wall's first render
 * (bench/README.md#the-wall).
 */
export const SOURCE = { tiles: 'city', cases: 'cases' } as const;
export const TILE_LAYER = { grids: 'grids', communities: 'communities', streets: 'streets', districts: 'districts' } as const;
export const GRID_SOURCE_LAYER = TILE_LAYER.grids;
export const LAYER = {
  gridFill: 'grid-fill',
  gridLine: 'grid-line',
  gridSelected: 'grid-selected',
  heat: 'case-heat',
  streetFill: 'street-fill',
  streetLine: 'street-line',
  streetSelected: 'street-selected',
  districtFill: 'district-fill',
  districtGlow: 'district-glow',
  districtLine: 'district-line',
  districtSelected: 'district-selected',
} as const;

/** The feature-state key of a feature's tone. */
export const TONE = 'tone';

/**
 * A fill colour from the tone the live figures set in each feature's state (`toneOf`: the
 * palette index of its class, -1 for zero). The expression depends only on the value's palette:
 * new breaks change the features' tones, never the expression, because mapbox-gl parses every
 * tile of a source again when a data-driven paint property changes.
 */
export function toneColor(value: GridValue): Expression {
  const palette = CLASS_PALETTES[value];
  return ['match', ['coalesce', ['feature-state', TONE], -1], ...palette.flatMap((color, tone) => [tone, color]), ZERO_COLOR];
}

/** The grid of one index (the selection; -1 none): grid tile features carry their index as id. */
export const gridFilter = (index: number): Expression => ['==', ['id'], index];
/** The street or district of one code (the selection; '' none). */
export const areaFilter = (code: string): Expression => ['==', ['get', 'code'], code];

/**
 * Line widths and the heat radius, in screen pixels for a layout drawn at `scale` screen
 * pixels per design pixel: on a 4K wall the outlines keep their weight beside the scaled text.
 */
export function sizedPaint(scale: number, fitZoom: number): Record<string, Record<string, unknown>> {
  const selected = { 'line-width': SELECTION.width * scale };
  return {
    [LAYER.gridLine]: { 'line-width': GRID_LINE.width * scale },
    [LAYER.heat]: {
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], fitZoom, HEAT.radius * scale, fitZoom + HEAT.maxzoomOffset, HEAT.radius * 4 * scale],
    },
    [LAYER.streetLine]: { 'line-width': OUTLINES.streets.width * scale },
    [LAYER.districtGlow]: { 'line-width': OUTLINES.districts.glowWidth * scale, 'line-blur': 3 * scale },
    [LAYER.districtLine]: { 'line-width': OUTLINES.districts.width * scale },
    [LAYER.gridSelected]: selected,
    [LAYER.streetSelected]: selected,
    [LAYER.districtSelected]: selected,
  };
}

/** The layers, bottom to top; the grids drawn from `gridZoom` on (the wall colours its scope's children as areas before). */
export function cityLayers(colorBy: GridValue, fitZoom: number, scale = 1, gridZoom = 0): AnyLayer[] {
  const sized = sizedPaint(scale, fitZoom);
  const gridSource = { source: SOURCE.tiles, 'source-layer': TILE_LAYER.grids };
  const streetSource = { source: SOURCE.tiles, 'source-layer': TILE_LAYER.streets };
  const districtSource = { source: SOURCE.tiles, 'source-layer': TILE_LAYER.districts };
  return [
    {
      id: LAYER.gridFill,
      type: 'fill',
      ...gridSource,
      minzoom: gridZoom,
      // Cells share their edges, so the anti-aliasing pass (a line around every one of the 64,200
      // cells, redrawn on every delta) adds no visible smoothing; it was half of each repaint in software GL.
      paint: { 'fill-color': toneColor(colorBy), 'fill-opacity': GRID_FILL_OPACITY, 'fill-antialias': false },
    },
    {
      id: LAYER.gridLine,
      type: 'line',
      ...gridSource,
      minzoom: Math.max(gridZoom, fitZoom + GRID_LINE.minzoomOffset),
      paint: { 'line-color': GRID_LINE.color, ...sized[LAYER.gridLine] },
    },
    {
      id: LAYER.heat,
      type: 'heatmap',
      source: SOURCE.cases,
      maxzoom: fitZoom + HEAT.maxzoomOffset,
      paint: {
        ...sized[LAYER.heat],
        'heatmap-intensity': HEAT.intensity,
        'heatmap-opacity': HEAT.opacity,
        'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], ...HEAT.ramp.flat()] as Expression,
      },
    },
    { id: LAYER.streetFill, type: 'fill', ...streetSource, paint: { 'fill-opacity': 0 } },
    {
      id: LAYER.streetLine,
      type: 'line',
      ...streetSource,
      minzoom: fitZoom + OUTLINES.streets.minzoomOffset,
      paint: { 'line-color': OUTLINES.streets.color, ...sized[LAYER.streetLine] },
    },
    { id: LAYER.districtFill, type: 'fill', ...districtSource, paint: { 'fill-opacity': 0 } },
    {
      id: LAYER.districtGlow,
      type: 'line',
      ...districtSource,
      paint: { 'line-color': OUTLINES.districts.glowColor, ...sized[LAYER.districtGlow] },
    },
    {
      id: LAYER.districtLine,
      type: 'line',
      ...districtSource,
      paint: { 'line-color': OUTLINES.districts.color, ...sized[LAYER.districtLine] },
    },
    { id: LAYER.gridSelected, type: 'line', ...gridSource, filter: gridFilter(-1), paint: { 'line-color': SELECTION.color, ...sized[LAYER.gridSelected] } },
    { id: LAYER.streetSelected, type: 'line', ...streetSource, filter: areaFilter(''), paint: { 'line-color': SELECTION.color, ...sized[LAYER.streetSelected] } },
    { id: LAYER.districtSelected, type: 'line', ...districtSource, filter: areaFilter(''), paint: { 'line-color': SELECTION.color, ...sized[LAYER.districtSelected] } },
  ] as AnyLayer[];
}

export const SELECTED_LAYER_OF = { grid: LAYER.gridSelected, street: LAYER.streetSelected, district: LAYER.districtSelected } as const;
export const PICK_LAYER_OF = { grid: LAYER.gridFill, street: LAYER.streetFill, district: LAYER.districtFill } as const;
