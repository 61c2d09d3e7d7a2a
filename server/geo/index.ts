import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { CityAreas, LatticeGrids } from '../../contract';
import type { CityIndex } from '../core/city-index';
import type { GeoAsset } from './asset';
import { createCity } from './city';
import type { GridFeatureCollection } from './city-source';
import { loadLatticeCity } from './lattice-city';
import { loadPolygonCity } from './polygon-city';
import type { PolygonRings } from './polygon';

export type { GeoAsset } from './asset';
export type { GridFeatureCollection } from './city-source';
export type { PolygonRings } from './polygon';
export { TILE_MAX_ZOOM } from './tiles';

/** The committed demo city (Chongqing, derived by mock/geo/derive.ts). */
export const DEMO_CITY_DIR = fileURLToPath(new URL('../../mock/city/chongqing', import.meta.url));

/** The JSON payloads of the geo routes. */
export type GeoAssetName = 'areas' | 'grids' | 'grid-index' | 'districts' | 'streets';

export interface OutlineProperties {
  code: string;
  name: string;
  /** On streets and communities: their district. */
  district?: string;
  /** On communities: their street. */
  street?: string;
}
export type OutlineCollection = FeatureCollection<MultiPolygon, OutlineProperties>;

export interface City extends CityIndex {
  /** `lattice`: square cells of one regular lattice (the demo); `polygons`: a city's own grid GeoJSON. */
  readonly kind: 'lattice' | 'polygons';
  /** The city's own code, e.g. 500000. */
  readonly code: string;
  /** Every district, street and community with codes, names, parent, centre, extent and grid count. */
  areas(): CityAreas;
  /** `GET /geo/grids`: the compact lattice, or a FeatureCollection (`kind: 'polygons'`) of grids with property `code`. */
  grids(): LatticeGrids | GridFeatureCollection;
  /** District outlines (real ones for the demo, else the union of their grids); properties `code`, `name`. */
  districtOutlines(): OutlineCollection;
  /** Outlines of the streets that have grids (the union of their grids); properties `code`, `name`, `district`. */
  streetOutlines(): OutlineCollection;
  /** Outlines of the communities that have grids (the union of their grids); properties `code`, `name`, `district`, `street`. */
  communityOutlines(): OutlineCollection;
  /** A grid's polygons as [lng, lat] rings (outer ring first). */
  gridPolygons(gridCode: string): readonly PolygonRings[] | undefined;
  /** A geo route's response, built and compressed on first use. */
  asset(name: GeoAssetName): GeoAsset;
  /** `GET /geo/community-grids`: a community's grids with names and label points (`CommunityGrids`), built on first use; undefined for a code that is no community of the city. */
  communityGrids(community: string): GeoAsset | undefined;
  /**
   * The vector tile at z/x/y (layers `grids`, `communities`, `streets`, `districts`), undefined when empty;
   * z ≤ TILE_MAX_ZOOM. Produced on a worker thread (a low-zoom tile of the dense core takes
   * hundreds of milliseconds) and cached.
   */
  tile(z: number, x: number, y: number): Promise<GeoAsset | undefined>;
  /**
   * Builds now what is otherwise built on first request (payloads, outlines) and produces the
   * tiles of the whole city down to zoom 10 on the tile worker, so the first walls to load do
   * not wait for them. Call once after listening; settles when the tiles are cached.
   */
  warm(): Promise<void>;
  /**
   * Starts the tile worker slicing (seconds of work: bench/README.md#geography) if it is not
   * running: a map page asks for the areas first and for tiles a second or two later, which then
   * need not wait for it.
   */
  prepareTiles(): void;
  /** Whether `warm` is still producing tiles (start-up work that takes the tile worker's CPU). */
  tilesWarming(): boolean;
  /** Stops the tile worker (it restarts on the next tile); an idle worker never keeps the process alive. */
  releaseTiles(): Promise<void>;
}

/**
 * Loads the city: by default the committed demo city; `dir` a folder in the demo city's format;
 * `geojson` a city's own grid FeatureCollection (format in server/geo/README.md).
 */
export function loadCity(options: { dir?: string; geojson?: string } = {}): City {
  if (options.dir !== undefined && options.geojson !== undefined) throw new Error('loadCity: give either dir or geojson, not both');
  return createCity(options.geojson !== undefined ? loadPolygonCity(options.geojson) : loadLatticeCity(options.dir ?? DEMO_CITY_DIR));
}
