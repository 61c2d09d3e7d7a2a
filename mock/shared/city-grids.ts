import type { CityAreas, LatticeGrids } from '../../contract';

/**
 * The city's grids as the mock clients see them: decoded once from the geo API's lattice
 * payload into flat arrays (64,200 grids stay cheap to scan and sample).
 */
export interface CityGrids {
  readonly name: string;
  readonly lattice: Omit<LatticeGrids, 'codes' | 'cells' | 'kind'>;
  readonly codes: readonly string[];
  readonly col: Int32Array;
  readonly row: Int32Array;
  /** Grid centres, WGS84. */
  readonly lng: Float64Array;
  readonly lat: Float64Array;
  /** City centre used as the "downtown" of spatial weights. */
  readonly center: readonly [number, number];
  /** Display names of districts and streets, by code. */
  readonly areaNames: ReadonlyMap<string, string>;
  /** Grid index of a lattice cell, or -1. */
  gridAtCell(col: number, row: number): number;
  /** Grid index containing a WGS84 point, or -1. */
  locate(lng: number, lat: number): number;
}

export function decodeCityGrids(grids: LatticeGrids, areas?: CityAreas): CityGrids {
  if (grids.kind !== 'lattice') throw new Error(`the mock clients need a lattice city, got kind "${String(grids.kind)}"`);
  if (grids.codes.length !== grids.cells.length) {
    throw new Error(`lattice payload is inconsistent: ${grids.codes.length} codes but ${grids.cells.length} cells`);
  }
  const { west, south, dLng, dLat, cols, rows } = grids;
  const n = grids.codes.length;
  const col = new Int32Array(n);
  const row = new Int32Array(n);
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  // A map, not a cols × rows array: the demo lattice has 8.5 M cells for 64,200 grids.
  const byCell = new Map<number, number>();
  for (let i = 0; i < n; i += 1) {
    const cell = grids.cells[i];
    col[i] = cell % cols;
    row[i] = Math.floor(cell / cols);
    lng[i] = west + (col[i] + 0.5) * dLng;
    lat[i] = south + (row[i] + 0.5) * dLat;
    byCell.set(cell, i);
  }
  const gridAtCell = (c: number, r: number): number =>
    c < 0 || r < 0 || c >= cols || r >= rows ? -1 : (byCell.get(r * cols + c) ?? -1);
  const areaNames = new Map<string, string>((areas?.areas ?? []).map((a) => [a.code, a.name]));
  return {
    name: areas?.name ?? 'city',
    lattice: { west, south, dLng, dLat, cols, rows },
    codes: grids.codes,
    col,
    row,
    lng,
    lat,
    center: areas?.center ?? [west + (cols * dLng) / 2, south + (rows * dLat) / 2],
    areaNames,
    gridAtCell,
    locate: (x, y) => gridAtCell(Math.floor((x - west) / dLng), Math.floor((y - south) / dLat)),
  };
}
