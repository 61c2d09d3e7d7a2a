/** Planar geometry on [lng, lat] rings (closed implicitly or explicitly: both work). */
export type Point = readonly [number, number];
export type Ring = readonly Point[];
/** Outer ring first, then holes. */
export type PolygonRings = readonly Ring[];

/** Even-odd test over all rings: holes and multi-part polygons both work. */
export function insideRings(rings: readonly Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Signed area (positive when counter-clockwise). */
export function signedArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return twice / 2;
}

export type Bbox = [number, number, number, number];

export function emptyBbox(): Bbox {
  return [Infinity, Infinity, -Infinity, -Infinity];
}

export function extendBbox(bbox: Bbox, x: number, y: number): void {
  if (x < bbox[0]) bbox[0] = x;
  if (y < bbox[1]) bbox[1] = y;
  if (x > bbox[2]) bbox[2] = x;
  if (y > bbox[3]) bbox[3] = y;
}

export function ringsBbox(rings: readonly Ring[]): Bbox {
  const bbox = emptyBbox();
  for (const ring of rings) for (const [x, y] of ring) extendBbox(bbox, x, y);
  return bbox;
}

/** A point inside the polygon for labels: the area centroid when inside, else the middle of the widest inside span across the centroid's latitude. */
export function labelPoint(rings: PolygonRings): [number, number] {
  const outer = rings[0];
  let twice = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const cross = outer[j][0] * outer[i][1] - outer[i][0] * outer[j][1];
    twice += cross;
    cx += (outer[j][0] + outer[i][0]) * cross;
    cy += (outer[j][1] + outer[i][1]) * cross;
  }
  const bbox = ringsBbox([outer]);
  const centroid: [number, number] = twice === 0 ? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2] : [cx / (3 * twice), cy / (3 * twice)];
  if (insideRings(rings, centroid[0], centroid[1])) return centroid;
  const y = centroid[1];
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] = centroid;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      best = [(xs[i] + xs[i + 1]) / 2, y];
    }
  }
  return best;
}
