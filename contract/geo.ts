import { Type, type Static } from '@sinclair/typebox';

/** A district, street or community of the city (`GET /api/v1/geo/areas`). */
export const AreaSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community')]),
  parent: Type.String(),
  /** Label point and extent, WGS84: [lng, lat] and [west, south, east, north]. */
  center: Type.Tuple([Type.Number(), Type.Number()]),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  gridCount: Type.Integer({ minimum: 0 }),
});
export type Area = Static<typeof AreaSchema>;

export const CityAreasSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  center: Type.Tuple([Type.Number(), Type.Number()]),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  gridCount: Type.Integer({ minimum: 0 }),
  areas: Type.Array(AreaSchema),
});
export type CityAreas = Static<typeof CityAreasSchema>;

/**
 * All grids in compact form (`GET /api/v1/geo/grids`): the demo city is a regular lattice of
 * square cells; grid i covers lattice cell `cells[i]` (row = floor(cell / cols), col = cell % cols),
 * i.e. lng in [west + col·dLng, west + (col+1)·dLng), lat in [south + row·dLat, south + (row+1)·dLat).
 * A city that brings its own polygons is served with `kind: "polygons"` and a GeoJSON FeatureCollection.
 */
export const LatticeGridsSchema = Type.Object({
  kind: Type.Literal('lattice'),
  west: Type.Number(),
  south: Type.Number(),
  dLng: Type.Number(),
  dLat: Type.Number(),
  cols: Type.Integer(),
  rows: Type.Integer(),
  codes: Type.Array(Type.String()),
  cells: Type.Array(Type.Integer()),
});
export type LatticeGrids = Static<typeof LatticeGridsSchema>;
