import type { Area, CityAreas } from '../../contract';
import type { CitySource, Division } from './city-source';
import { emptyBbox, extendBbox, type Bbox } from './polygon';

/** Grid indices of every area that has grids, by area code. */
export interface GridGroups {
  all: readonly number[];
  byDistrict: ReadonlyMap<string, readonly number[]>;
  byStreet: ReadonlyMap<string, readonly number[]>;
  byCommunity: ReadonlyMap<string, readonly number[]>;
}

type Placement = { center: [number, number]; bbox: Bbox };

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const roundBbox = ([w, s, e, n]: Bbox): Bbox => [round(w), round(s), round(e), round(n)];

/** The median of one coordinate (0 lng, 1 lat) of the grids' centres. */
function median(centres: Float64Array, grids: readonly number[], axis: 0 | 1): number {
  const values = new Float64Array(grids.length);
  for (let j = 0; j < grids.length; j++) values[j] = centres[2 * grids[j] + axis];
  return values.sort()[values.length >> 1];
}

/** Label point: the centre of the grid nearest the median of the area's grid centres (robust to outlying parts). */
function placementOf(source: CitySource, grids: readonly number[]): Placement {
  const { centres, bboxes } = source;
  const mx = median(centres, grids, 0);
  const my = median(centres, grids, 1);
  let best = grids[0];
  let bestD = Infinity;
  const bbox = emptyBbox();
  for (const i of grids) {
    const d = (centres[2 * i] - mx) ** 2 + (centres[2 * i + 1] - my) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
    extendBbox(bbox, bboxes[4 * i], bboxes[4 * i + 1]);
    extendBbox(bbox, bboxes[4 * i + 2], bboxes[4 * i + 3]);
  }
  return { center: [round(centres[2 * best]), round(centres[2 * best + 1])], bbox: roundBbox(bbox) };
}

/**
 * Every known area with its grid count. An area without grids takes its parent's centre and
 * extent, so a client can still place it. A district with a real outline takes the outline's extent.
 */
export function buildAreas(source: CitySource, groups: GridGroups, outlineBbox: (district: string) => Bbox | undefined): CityAreas {
  const city = placementOf(source, groups.all);
  const placed = new Map<string, Placement>();
  const areas: Area[] = [];
  const add = (level: Area['level'], list: readonly Division[], byCode: ReadonlyMap<string, readonly number[]>, parentOf: (code: string) => string) => {
    for (const { code, name } of list) {
      const parent = parentOf(code);
      const grids = byCode.get(code) ?? [];
      let placement = grids.length > 0 ? placementOf(source, grids) : (placed.get(parent) ?? city);
      const outline = level === 'district' ? outlineBbox(code) : undefined;
      if (outline) placement = { center: placement.center, bbox: roundBbox(outline) };
      placed.set(code, placement);
      areas.push({ code, name, level, parent, center: placement.center, bbox: placement.bbox, gridCount: grids.length });
    }
  };
  add('district', source.districts, groups.byDistrict, () => 'city');
  add('street', source.streets, groups.byStreet, (code) => code.slice(0, 6));
  add('community', source.communities, groups.byCommunity, (code) => code.slice(0, 9));
  const districtBoxes = areas.filter((a) => a.level === 'district').map((a) => a.bbox);
  const bbox = emptyBbox();
  for (const [w, s, e, n] of districtBoxes) {
    extendBbox(bbox, w, s);
    extendBbox(bbox, e, n);
  }
  return { code: source.code, name: source.name, center: city.center, bbox, gridCount: groups.all.length, areas };
}
