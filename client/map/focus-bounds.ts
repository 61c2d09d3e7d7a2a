import { levelOfCode, parentOf, type CityAreas } from '../../contract';

export type Bounds = [west: number, south: number, east: number, north: number];

const union = (boxes: readonly Bounds[]): Bounds => [
  Math.min(...boxes.map((b) => b[0])),
  Math.min(...boxes.map((b) => b[1])),
  Math.max(...boxes.map((b) => b[2])),
  Math.max(...boxes.map((b) => b[3])),
];

const area = (b: Bounds): number => Math.max(1e-9, (b[2] - b[0]) * (b[3] - b[1]));

/**
 * Where the wall looks at start: the streets with grids in the densest districts that hold
 * `share` of all grids. A whole municipality at once makes every 150 m grid a sub-pixel speck;
 * the dense core is where the live colours can be seen from across the room.
 */
export function focusBounds(city: CityAreas, share = 0.6): Bounds {
  const districts = city.areas
    .filter((a) => a.level === 'district' && a.gridCount > 0)
    .sort((a, b) => b.gridCount / area(b.bbox) - a.gridCount / area(a.bbox));
  const picked = new Set<string>();
  let covered = 0;
  for (const district of districts) {
    if (covered >= share * city.gridCount) break;
    picked.add(district.code);
    covered += district.gridCount;
  }
  const streets = city.areas.filter((a) => a.level === 'street' && a.gridCount > 0 && picked.has(a.parent));
  return streets.length > 0 ? union(streets.map((s) => s.bbox)) : city.bbox;
}

/**
 * The extent a centre's wall frames: where its grids are, i.e. its parts that have grids (a
 * district's urban streets, not its empty mountains), else its own extent; a grid's community's
 * for a grid. Undefined for an area the city does not list. The city's wall starts on its dense
 * core instead (`focusBounds`).
 */
export function scopeBounds(city: CityAreas, scope: string): Bounds | undefined {
  const framed = levelOfCode(scope) === 'grid' ? parentOf(scope) : scope;
  if (framed === 'city') return city.bbox;
  const parts = city.areas.filter((a) => a.parent === framed && a.gridCount > 0);
  if (parts.length > 0) return union(parts.map((a) => a.bbox));
  return city.areas.find((a) => a.code === framed)?.bbox;
}
