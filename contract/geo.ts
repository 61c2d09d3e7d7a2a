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
 * A community's grids as its wall labels them (`GET /api/v1/geo/community-grids?community=`):
 * each grid's code, name and label point, in code order.
 */
export const CommunityGridsSchema = Type.Object({
  community: Type.String(),
  grids: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      /** Label point, WGS84 [lng, lat]: inside the grid (its largest part's, for a grid of several). */
      center: Type.Tuple([Type.Number(), Type.Number()]),
    }),
  ),
});
export type CommunityGrids = Static<typeof CommunityGridsSchema>;

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

/**
 * The grid codes in index order (`GET /api/v1/geo/grid-index`): a vector tile's grid feature
 * has the grid's index as its id and no properties, which keeps tiles small and lets the map
 * key feature state by small integers. Codes are sorted and each is a community's 12 digits
 * plus a 3-digit sequence, so they travel grouped: `[community, sequences]`, the sequences
 * concatenated ("001002005"), communities in code order.
 */
export const GridIndexSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  communities: Type.Array(Type.Tuple([Type.String({ pattern: '^\\d{12}$' }), Type.String({ pattern: '^(\\d{3})*$' })])),
});
export type GridIndex = Static<typeof GridIndexSchema>;

/** The grid index of sorted 15-digit grid codes. */
export function gridIndexOf(codes: readonly string[]): GridIndex {
  const communities: [string, string][] = [];
  let current: [string, string] | undefined;
  for (const code of codes) {
    const community = code.slice(0, 12);
    if (current?.[0] !== community) communities.push((current = [community, '']));
    current[1] += code.slice(12);
  }
  return { count: codes.length, communities };
}

/** The grid codes of a grid index, in index order (tile feature id i is the i-th). */
export function gridCodesOf(index: GridIndex): string[] {
  const codes: string[] = [];
  for (const [community, sequences] of index.communities) {
    for (let at = 0; at < sequences.length; at += 3) codes.push(community + sequences.slice(at, at + 3));
  }
  return codes;
}
