import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { LatticeGrids } from '../../contract';
import type { MultiPolygonCoordinates } from './outline';
import type { PolygonRings } from './polygon';

/** A district, street or community: real code and name. */
export interface Division {
  code: string;
  name: string;
}

/** `GET /geo/grids` of a city that brings its own polygons: GeoJSON with a `kind` member. */
export type GridFeatureCollection = FeatureCollection<Polygon | MultiPolygon, { code: string }> & { kind: 'polygons' };

/**
 * What a city's data provides, whether the demo lattice or a city's own grid polygons. The
 * City built on it (./city.ts) adds the hierarchy lookups, areas, payloads and tiles.
 */
export interface CitySource {
  readonly kind: 'lattice' | 'polygons';
  readonly code: string;
  readonly name: string;
  /** Every known area of each level, sorted by code (some may have no grids). */
  readonly districts: readonly Division[];
  readonly streets: readonly Division[];
  readonly communities: readonly Division[];
  /** Grid codes, sorted; a grid's position is its dense index. Each starts with its community, street and district codes. */
  readonly gridCodes: readonly string[];
  /** Names given by the data, by index; a grid without one is named after its community. */
  readonly gridNames?: readonly (string | undefined)[];
  /** Label point per grid: lng, lat at 2i, 2i+1. */
  readonly centres: Float64Array;
  /** Extent per grid: west, south, east, north at 4i…4i+3. */
  readonly bboxes: Float64Array;
  /** Index of the grid containing the point, or -1. */
  locate(lng: number, lat: number): number;
  gridRings(index: number): PolygonRings[];
  /** Outline of the union of some grids. */
  outlineOf(indices: readonly number[]): MultiPolygonCoordinates;
  /** The district's real outline when the data has one (else the union of its grids is used). */
  districtOutline(code: string): MultiPolygonCoordinates | undefined;
  gridsPayload(): LatticeGrids | GridFeatureCollection;
}
