import type { ScopeLevel } from '../../contract';

export interface GridParents {
  readonly community: string;
  readonly street: string;
  readonly district: string;
}

/**
 * What the aggregator needs to know about the city's geography. Implemented by
 * `server/geo` (demo lattice or a city's own grid GeoJSON); the core never loads files.
 */
export interface CityIndex {
  /** Always `city`'s display name, e.g. 重庆市. */
  readonly name: string;
  /** Number of grids. */
  readonly gridCount: number;
  /** Level of a scope code (`city`, 6, 9, 12 or 15 digits), or undefined when the city has no such scope. */
  levelOf(scope: string): ScopeLevel | undefined;
  /** Display name of a scope (city, district, street, community or grid). */
  nameOf(scope: string): string | undefined;
  /** Direct children that have grids: city → districts, district → streets, street → communities, community → grids, grid → []. */
  childrenOf(scope: string): readonly string[];
  /** The community, street and district of a grid. */
  parentsOf(gridCode: string): GridParents | undefined;
  /** Grid containing a WGS84 point, or undefined when the point is in no grid. */
  locate(lng: number, lat: number): string | undefined;
  /** Index of the grid containing a WGS84 point (see gridIndex), or undefined when the point is in no grid. */
  locateIndex(lng: number, lat: number): number | undefined;
  /** Centre of a grid, [lng, lat]. */
  centerOf(gridCode: string): readonly [number, number] | undefined;
  /** Centre of the grid of an index, [lng, lat]. */
  centerAt(index: number): readonly [number, number];
  /** Dense index 0..gridCount-1 of a grid (stable for the process), for typed-array storage. */
  gridIndex(gridCode: string): number | undefined;
  /** Inverse of gridIndex. */
  gridCodeAt(index: number): string;
}
