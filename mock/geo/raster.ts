import type { DistrictOutline } from './sources';

/** The regular lattice of unit grids (same meaning as `LatticeGrids` in contract/geo.ts). */
export interface Lattice {
  west: number;
  south: number;
  dLng: number;
  dLat: number;
  cols: number;
  rows: number;
}

/** Steps giving square cells of about 158 m at Chongqing's latitude (29.6° N). */
export const CELL_STEP = { dLng: 0.00163, dLat: 0.001425 } as const;

export function latticeCovering(outlines: DistrictOutline[], scale: number): Lattice {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const outline of outlines) {
    for (const rings of outline.polygons) {
      for (const [x, y] of rings[0]) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
  }
  const west = Math.floor((minX / scale) * 100) / 100;
  const south = Math.floor((minY / scale) * 100) / 100;
  const { dLng, dLat } = CELL_STEP;
  return {
    west,
    south,
    dLng,
    dLat,
    cols: Math.ceil((maxX / scale - west) / dLng) + 1,
    rows: Math.ceil((maxY / scale - south) / dLat) + 1,
  };
}

type Edge = [number, number, number, number];

function edgesOf(outline: DistrictOutline, scale: number): Edge[] {
  const edges: Edge[] = [];
  for (const rings of outline.polygons) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[(i + 1) % ring.length];
        edges.push([x1 / scale, y1 / scale, x2 / scale, y2 / scale]);
      }
    }
  }
  return edges;
}

const EPSILON = 1e-9;

/** Marks every cell an edge touches (closed cells), walking the edge in steps shorter than a cell. */
function markEdge(lattice: Lattice, edge: Edge, touched: Uint8Array): void {
  const { west, south, dLng, dLat, cols } = lattice;
  const [x1, y1, x2, y2] = edge;
  const steps = Math.ceil(2 * Math.max(Math.abs(x2 - x1) / dLng, Math.abs(y2 - y1) / dLat)) + 1;
  for (let s = 0; s < steps; s++) {
    const ax = x1 + ((x2 - x1) * s) / steps;
    const ay = y1 + ((y2 - y1) * s) / steps;
    const bx = x1 + ((x2 - x1) * (s + 1)) / steps;
    const by = y1 + ((y2 - y1) * (s + 1)) / steps;
    const c0 = Math.floor((Math.min(ax, bx) - west) / dLng - EPSILON);
    const c1 = Math.floor((Math.max(ax, bx) - west) / dLng + EPSILON);
    const r0 = Math.floor((Math.min(ay, by) - south) / dLat - EPSILON);
    const r1 = Math.floor((Math.max(ay, by) - south) / dLat + EPSILON);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) touched[r * cols + c] = 1;
  }
}

/** Adds one to every cell whose centre is inside the outline (even-odd over all its rings). */
function fillCentres(lattice: Lattice, edges: Edge[], claims: Uint8Array, owner: Int8Array, index: number): void {
  const { west, south, dLng, dLat, cols } = lattice;
  const crossings = new Map<number, number[]>();
  for (const [x1, y1, x2, y2] of edges) {
    if (y1 === y2) continue;
    const lo = Math.min(y1, y2);
    const hi = Math.max(y1, y2);
    const r0 = Math.ceil((lo - south) / dLat - 0.5);
    const r1 = Math.ceil((hi - south) / dLat - 0.5) - 1;
    for (let r = r0; r <= r1; r++) {
      const y = south + (r + 0.5) * dLat;
      const x = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
      const row = crossings.get(r);
      if (row) row.push(x);
      else crossings.set(r, [x]);
    }
  }
  for (const [r, xs] of crossings) {
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const c0 = Math.ceil((xs[i] - west) / dLng - 0.5);
      const c1 = Math.ceil((xs[i + 1] - west) / dLng - 0.5) - 1;
      for (let c = c0; c <= c1; c++) {
        claims[r * cols + c] += 1;
        owner[r * cols + c] = index;
      }
    }
  }
}

/**
 * For each outline, the cells wholly inside it: centre inside exactly one outline and no edge of
 * any outline touching the cell. Cell ids are `row * cols + col`, ascending.
 */
export function cellsInside(lattice: Lattice, outlines: DistrictOutline[], scale: number): Int32Array[] {
  const size = lattice.rows * lattice.cols;
  const touched = new Uint8Array(size);
  const claims = new Uint8Array(size);
  const owner = new Int8Array(size).fill(-1);
  outlines.forEach((outline, index) => {
    const edges = edgesOf(outline, scale);
    for (const edge of edges) markEdge(lattice, edge, touched);
    fillCentres(lattice, edges, claims, owner, index);
  });
  const counts = new Array<number>(outlines.length).fill(0);
  for (let cell = 0; cell < size; cell++) if (claims[cell] === 1 && !touched[cell]) counts[owner[cell]] += 1;
  const result = counts.map((n) => new Int32Array(n));
  const filled = new Array<number>(outlines.length).fill(0);
  for (let cell = 0; cell < size; cell++) {
    if (claims[cell] === 1 && !touched[cell]) result[owner[cell]][filled[owner[cell]]++] = cell;
  }
  return result;
}
