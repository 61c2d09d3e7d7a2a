/** Plain geometry for the tests, written apart from server/geo so a bug there cannot hide itself. */
export type Position = number[];

/** Ray casting over every ring of one polygon (outer and holes). */
export function insidePolygon(rings: Position[][], x: number, y: number): boolean {
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

export function insideMultiPolygon(polygons: Position[][][], x: number, y: number): boolean {
  return polygons.some((rings) => insidePolygon(rings, x, y));
}

/** Shoelace area, positive for counter-clockwise rings. */
export function ringArea(ring: Position[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return twice / 2;
}

/** Area of a MultiPolygon: outer rings minus holes, whatever their winding. */
export function multiPolygonArea(polygons: Position[][][]): number {
  return polygons.reduce((sum, [outer, ...holes]) => sum + Math.abs(ringArea(outer)) - holes.reduce((h, ring) => h + Math.abs(ringArea(ring)), 0), 0);
}
