import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LatticeGrids } from '../../contract';
import type { CitySource, Division } from './city-source';
import { lazy } from './asset';
import { LatticeIndex } from './lattice-index';
import { unionOutline, type MultiPolygonCoordinates } from './outline';
import { signedArea, type PolygonRings, type Point } from './polygon';

/** The committed demo city's files (written by mock/geo/derive.ts; formats in ./README.md). */
interface LatticeFiles {
  city: { code: string; name: string; lattice: Omit<LatticeGrids, 'kind' | 'codes' | 'cells'> };
  areas: { districts: Array<[string, string]>; streets: Array<[string, string]>; communities: Array<[string, string]> };
  outlines: { scale: number; districts: Array<{ code: string; polygons: number[][][] }> };
  grids: Array<[string, ...number[]]>;
}

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the city file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readFiles(dir: string): LatticeFiles {
  const city = readJson(dir, 'city.json') as LatticeFiles['city'];
  const { lattice } = city;
  if (!lattice || ![lattice.west, lattice.south, lattice.dLng, lattice.dLat, lattice.cols, lattice.rows].every(Number.isFinite)) {
    throw new Error(`${join(dir, 'city.json')}: no valid lattice`);
  }
  return {
    city,
    areas: readJson(dir, 'areas.json') as LatticeFiles['areas'],
    outlines: readJson(dir, 'district-outlines.json') as LatticeFiles['outlines'],
    grids: readJson(dir, 'grids.json') as LatticeFiles['grids'],
  };
}

const divisions = (pairs: Array<[string, string]>): Division[] => pairs.map(([code, name]) => ({ code, name }));

/** Undoes the delta encoding of a flat [x0, y0, dx1, dy1, …] ring. */
function ringOf(flat: number[], scale: number): Point[] {
  const ring: Point[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function geoJsonRing(ring: Point[], counterClockwise: boolean): number[][] {
  const ordered = signedArea(ring) > 0 === counterClockwise ? ring : [...ring].reverse();
  return [...ordered, ordered[0]].map(([x, y]) => [x, y]);
}

/** '000'…'999': a grid code is its community code and one of these. */
const SEQUENCES = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Loads the demo city: a regular lattice of square cells over the real district outlines. */
export function loadLatticeCity(dir: string): CitySource {
  const files = readFiles(dir);
  const { west, south, dLng, dLat, cols, rows } = files.city.lattice;
  const gridCodes: string[] = [];
  const cells: number[] = [];
  for (const entry of files.grids) {
    const community = entry[0];
    if (entry.length > SEQUENCES.length) throw new Error(`${dir}/grids.json: community ${community} has more than 999 grids`);
    let cell = 0;
    for (let seq = 1; seq < entry.length; seq++) {
      cell += entry[seq] as number;
      gridCodes.push(community + SEQUENCES[seq]);
      cells.push(cell);
    }
  }
  const centres = new Float64Array(cells.length * 2);
  const bboxes = new Float64Array(cells.length * 4);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell < 0 || cell >= cols * rows) throw new Error(`${dir}/grids.json: cell ${cell} of ${gridCodes[i]} is off the lattice`);
    const row = Math.floor(cell / cols);
    const col = cell - row * cols;
    centres[2 * i] = west + (col + 0.5) * dLng;
    centres[2 * i + 1] = south + (row + 0.5) * dLat;
    bboxes[4 * i] = west + col * dLng;
    bboxes[4 * i + 1] = south + row * dLat;
    bboxes[4 * i + 2] = west + (col + 1) * dLng;
    bboxes[4 * i + 3] = south + (row + 1) * dLat;
  }
  const index = new LatticeIndex(cols, rows, cells);
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  const corner = (col: number, row: number): Point => [round(west + col * dLng), round(south + row * dLat)];
  const square = (cell: number): PolygonRings => {
    const row = Math.floor(cell / cols);
    const col = cell - row * cols;
    return [[[col, row], [col + 1, row], [col + 1, row + 1], [col, row + 1], [col, row]]];
  };
  const outlines = lazy(() => {
    const byCode = new Map<string, MultiPolygonCoordinates>();
    for (const { code, polygons } of files.outlines.districts) {
      byCode.set(code, polygons.map((rings) => rings.map((flat, r) => geoJsonRing(ringOf(flat, files.outlines.scale), r === 0))));
    }
    return byCode;
  });
  return {
    kind: 'lattice',
    code: files.city.code,
    name: files.city.name,
    districts: divisions(files.areas.districts),
    streets: divisions(files.areas.streets),
    communities: divisions(files.areas.communities),
    gridCodes,
    centres,
    bboxes,
    locate: (lng, lat) => index.get(Math.floor((lat - south) / dLat), Math.floor((lng - west) / dLng)),
    gridRings: (i) => [square(cells[i]).map((ring) => ring.map(([col, row]) => corner(col, row)))],
    outlineOf: (indices) =>
      unionOutline(
        indices.map((i) => square(cells[i])),
        ([col, row]) => row * (cols + 1) + col,
      ).map((polygon) =>
        polygon.map((ring) => ring.map(([col, row]) => [...corner(col, row)])),
      ),
    districtOutline: (code) => outlines().get(code),
    gridsPayload: () => ({ kind: 'lattice', west, south, dLng, dLat, cols, rows, codes: gridCodes, cells }),
  };
}
