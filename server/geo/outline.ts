import { insideRings, signedArea, type Point, type PolygonRings, type Ring } from './polygon';

/** GeoJSON MultiPolygon coordinates: polygons of closed rings, outer counter-clockwise, holes clockwise. */
export type MultiPolygonCoordinates = number[][][][];

/** Vertex ids fit in 22 bits, so an edge `from → to` is the one number `from * 2^22 + to`. */
const ID_SPAN = 4_194_304;

/** Identifies a vertex: by default its coordinates as text; integer lattices can give a number. */
export type VertexKey = (point: Point) => string | number;

const coordinatesKey: VertexKey = (point) => `${point[0]},${point[1]}`;

interface EdgeSet {
  points: Point[];
  keyOf: VertexKey;
  idOf: Map<string | number, number>;
  /** Directed edges still on the boundary, with multiplicity. */
  edges: Map<number, number>;
}

function vertex(set: EdgeSet, point: Point): number {
  const key = set.keyOf(point);
  let id = set.idOf.get(key);
  if (id === undefined) {
    id = set.points.length;
    if (id >= ID_SPAN) throw new Error(`outline: more than ${ID_SPAN} distinct vertices`);
    set.idOf.set(key, id);
    set.points.push(point);
  }
  return id;
}

/** An edge shared by two polygons of the union is walked both ways: the two cancel out. */
function addEdge(set: EdgeSet, from: number, to: number): void {
  const reverse = to * ID_SPAN + from;
  const count = set.edges.get(reverse);
  if (count !== undefined) {
    if (count === 1) set.edges.delete(reverse);
    else set.edges.set(reverse, count - 1);
    return;
  }
  const key = from * ID_SPAN + to;
  set.edges.set(key, (set.edges.get(key) ?? 0) + 1);
}

function turn(points: Point[], from: number, via: number, to: number): number {
  const ax = points[via][0] - points[from][0];
  const ay = points[via][1] - points[from][1];
  const bx = points[to][0] - points[via][0];
  const by = points[to][1] - points[via][1];
  return Math.atan2(ax * by - ay * bx, ax * bx + ay * by);
}

/** Links the boundary edges into rings, taking the sharpest left turn where areas touch at a corner so rings stay simple. */
function traceRings(set: EdgeSet): Point[][] {
  const outgoing = new Map<number, number[]>();
  for (const [key, count] of set.edges) {
    const from = Math.floor(key / ID_SPAN);
    const to = key - from * ID_SPAN;
    const list = outgoing.get(from) ?? [];
    for (let i = 0; i < count; i++) list.push(to);
    outgoing.set(from, list);
  }
  const rings: Point[][] = [];
  for (const [start, list] of outgoing) {
    for (let first = list.pop(); first !== undefined; first = list.pop()) {
      const ids = [start];
      let previous = start;
      let current = first;
      while (current !== start) {
        ids.push(current);
        const next = outgoing.get(current);
        if (!next || next.length === 0) throw new Error('outline: boundary is not closed');
        let pick = 0;
        for (let i = 1; i < next.length; i++) {
          if (turn(set.points, previous, current, next[i]) > turn(set.points, previous, current, next[pick])) pick = i;
        }
        previous = current;
        current = next.splice(pick, 1)[0];
      }
      rings.push(dropCollinear(ids.map((id) => set.points[id])));
    }
  }
  return rings;
}

function dropCollinear(ring: Point[]): Point[] {
  return ring.filter((point, i) => {
    const a = ring[(i + ring.length - 1) % ring.length];
    const b = ring[(i + 1) % ring.length];
    return (point[0] - a[0]) * (b[1] - point[1]) - (point[1] - a[1]) * (b[0] - point[0]) !== 0;
  });
}

/** A point just left of the ring's first edge: inside whatever polygon the ring bounds or lies in. */
function probe(ring: Ring): Point {
  const [x1, y1] = ring[0];
  const [x2, y2] = ring[1];
  const scale = 1e-6;
  return [(x1 + x2) / 2 - (y2 - y1) * scale, (y1 + y2) / 2 + (x2 - x1) * scale];
}

function closed(ring: Ring): number[][] {
  return [...ring, ring[0]].map(([x, y]) => [x, y]);
}

/**
 * Outline of the union of polygons that meet edge to edge (lattice cells, or grids exported
 * with shared vertices): shared edges cancel, the rest is linked into rings, holes go to the
 * smallest outer ring around them.
 */
export function unionOutline(polygons: Iterable<PolygonRings>, keyOf: VertexKey = coordinatesKey): MultiPolygonCoordinates {
  const set: EdgeSet = { points: [], keyOf, idOf: new Map(), edges: new Map() };
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const wantCounterClockwise = r === 0;
      const ordered = signedArea(ring) > 0 === wantCounterClockwise ? ring : [...ring].reverse();
      const ids = ordered.map((p) => vertex(set, p));
      if (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
      for (let i = 0; i < ids.length; i++) {
        const to = ids[(i + 1) % ids.length];
        if (ids[i] !== to) addEdge(set, ids[i], to);
      }
    });
  }
  const rings = traceRings(set).filter((ring) => ring.length >= 3);
  const outers = rings.filter((ring) => signedArea(ring) > 0).map((ring) => ({ ring, area: signedArea(ring), holes: [] as Ring[] }));
  outers.sort((a, b) => a.area - b.area);
  for (const hole of rings.filter((ring) => signedArea(ring) < 0)) {
    const [x, y] = probe(hole);
    const owner = outers.find((outer) => insideRings([outer.ring], x, y));
    if (owner) owner.holes.push(hole);
  }
  return outers.map((outer) => [closed(outer.ring), ...outer.holes.map(closed)]);
}
