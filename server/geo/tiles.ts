import type { FeatureCollection } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { binaryAsset, lazy, type GeoAsset } from './asset';

/** Deepest zoom served: 158 m cells are ~200 px wide there; the map overzooms beyond. */
export const TILE_MAX_ZOOM = 15;
const EXTENT = 4096;
/** Produced tiles kept (a wall visits a few hundred; the bound keeps a crawler from growing memory). */
const CACHE_LIMIT = 4096;

/** Vector tile layers by name: `grids` (property `code`), `streets` and `districts` outlines. */
export type TileLayers = Record<'grids' | 'streets' | 'districts', FeatureCollection>;

/** Mapbox vector tiles of a city's geometry, sliced once on first use and cached as produced. */
export class TileSet {
  private readonly indexes: () => Array<[string, GeoJSONVT]>;
  private readonly cache = new Map<string, GeoAsset | null>();

  constructor(layers: () => TileLayers) {
    this.indexes = lazy(() =>
      Object.entries(layers()).map(([name, data]) => [name, new GeoJSONVT(data, { maxZoom: TILE_MAX_ZOOM, extent: EXTENT, indexMaxZoom: 6 })]),
    );
  }

  /** The tile, or undefined when no feature is in it. Coordinates must be valid (0 ≤ z ≤ max, 0 ≤ x, y < 2^z). */
  tile(z: number, x: number, y: number): GeoAsset | undefined {
    const key = `${z}/${x}/${y}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached ?? undefined;
    }
    const layers: Record<string, LegacyTile> = {};
    for (const [name, index] of this.indexes()) {
      const tile = index.getTile(z, x, y);
      if (tile && tile.features.length > 0) layers[name] = tile;
    }
    const asset = Object.keys(layers).length > 0 ? binaryAsset(Buffer.from(fromGeojsonVt(layers, { version: 2, extent: EXTENT })), 'application/x-protobuf') : null;
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, asset);
    return asset ?? undefined;
  }
}
