import type { AnyLayer, Expression } from 'mapbox-gl';
import { chainOf, childLevelOf, levelOfCode, type AreaLevel } from '../../contract';
import type { MapLevel } from './city-map';
import { SOURCE, TILE_LAYER } from './layers';
import { SCOPE_MASK } from './paint-presets';

/**
 * A centre's wall shows its own area: the districts around it, the other streets of its district
 * and the other communities of its street are dimmed under a veil, and its outline is drawn.
 * The veils sit over the grids, the heat and the neighbours' outlines, under the selection.
 * Plain layers over the tiles' outline layers: the browser computes no geometry.
 */
export const SCOPE_LAYER = {
  districts: 'scope-mask-districts',
  streets: 'scope-mask-streets',
  communities: 'scope-mask-communities',
  outline: 'scope-outline',
} as const;

const SOURCE_LAYER_OF: Readonly<Record<Exclude<AreaLevel, 'grid'>, string>> = {
  district: TILE_LAYER.districts,
  street: TILE_LAYER.streets,
  community: TILE_LAYER.communities,
};

const code = ['get', 'code'];

function veil(id: string, sourceLayer: string, filter: Expression): AnyLayer {
  return {
    id,
    type: 'fill',
    source: SOURCE.tiles,
    'source-layer': sourceLayer,
    filter,
    paint: { 'fill-color': SCOPE_MASK.color, 'fill-opacity': SCOPE_MASK.opacity, 'fill-antialias': false },
  };
}

/** The outline's width for a layout drawn at `scale` screen pixels per design pixel (what setScale re-applies). */
export const scopeSizedPaint = (scale: number): Record<string, Record<string, unknown>> => ({
  [SCOPE_LAYER.outline]: { 'line-width': SCOPE_MASK.outlineWidth * scale },
});

/** The veils and outline of a scope's wall, bottom to top; none for the city. A grid is outlined by its community. */
export function scopeLayers(scope: string, scale = 1): AnyLayer[] {
  const [district, street, community] = chainOf(scope);
  if (district === undefined) return [];
  const layers = [veil(SCOPE_LAYER.districts, TILE_LAYER.districts, ['!=', code, district])];
  if (street !== undefined) {
    layers.push(veil(SCOPE_LAYER.streets, TILE_LAYER.streets, ['all', ['==', ['get', 'district'], district], ['!=', code, street]]));
  }
  if (community !== undefined) {
    layers.push(veil(SCOPE_LAYER.communities, TILE_LAYER.communities, ['all', ['==', ['get', 'street'], street], ['!=', code, community]]));
  }
  const [own, level]: [string, Exclude<AreaLevel, 'grid'>] =
    community !== undefined ? [community, 'community'] : street !== undefined ? [street, 'street'] : [district, 'district'];
  layers.push({
    id: SCOPE_LAYER.outline,
    type: 'line',
    source: SOURCE.tiles,
    'source-layer': SOURCE_LAYER_OF[level],
    filter: ['==', code, own],
    paint: { 'line-color': SCOPE_MASK.outlineColor, 'line-width': SCOPE_MASK.outlineWidth * scale },
  });
  return layers;
}

const PICK_LEVELS: readonly MapLevel[] = ['district', 'street', 'grid'];

/**
 * The level a click on a scope's map picks, `zoomIn` zoom levels closer than the wall's start:
 * the scope's children at the start (a district's streets), then finer as the map is zoomed in;
 * a street's or a community's wall picks grids.
 */
export function pickLevelAt(scope: string, zoomIn: number): MapLevel {
  const child = childLevelOf(levelOfCode(scope) ?? 'city') ?? 'grid';
  const first = Math.max(0, PICK_LEVELS.indexOf(child === 'community' ? 'grid' : child));
  const steps = zoomIn < 1 ? 0 : zoomIn < 2.5 ? 1 : 2;
  return PICK_LEVELS[Math.min(PICK_LEVELS.length - 1, first + steps)];
}
