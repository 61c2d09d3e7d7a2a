import type { Area, CityAreas } from '../../contract';
import type { CitySource, Division } from './city-source';
import type { GridRange, GridRanges } from './grid-ranges';
import { emptyBbox, extendBbox, type Bbox } from './polygon';

type Placement = { center: [number, number]; bbox: Bbox };

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const roundBbox = ([w, s, e, n]: Bbox): Bbox => [round(w), round(s), round(e), round(n)];

/** The median of one coordinate (0 lng, 1 lat) of the grids' centres. */
function median(centres: Float64Array, { start, end }: GridRange, axis: 0 | 1): number {
  const values = new Float64Array(end - start);
  for (let i = start; i < end; i++) values[i - start] = centres[2 * i + axis];
  return values.sort()[values.length >> 1];
}

/** Label point: the centre of the grid nearest the median of the area's grid centres (robust to outlying parts). */
function placementOf(source: CitySource, range: GridRange): Placement {
  const { centres, bboxes } = source;
  const mx = median(centres, range, 0);
  const my = median(centres, range, 1);
  let best = range.start;
  let bestD = Infinity;
  const bbox = emptyBbox();
  for (let i = range.start; i < range.end; i++) {
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
export function buildAreas(source: CitySource, ranges: GridRanges, outlineBbox: (district: string) => Bbox | undefined): CityAreas {
  const city = placementOf(source, { start: 0, end: source.gridCodes.length });
  const placed = new Map<string, Placement>();
  const areas: Area[] = [];
  const add = (level: Area['level'], list: readonly Division[], byCode: ReadonlyMap<string, GridRange>, parentOf: (code: string) => string) => {
    for (const { code, name } of list) {
      const parent = parentOf(code);
      const range = byCode.get(code);
      let placement = range ? placementOf(source, range) : (placed.get(parent) ?? city);
      const outline = level === 'district' ? outlineBbox(code) : undefined;
      if (outline) placement = { center: placement.center, bbox: roundBbox(outline) };
      placed.set(code, placement);
      const gridCount = range ? range.end - range.start : 0;
      areas.push({ code, name, level, parent, center: placement.center, bbox: placement.bbox, gridCount });
    }
  };
  add('district', source.districts, ranges.districts, () => 'city');
  add('street', source.streets, ranges.streets, (code) => code.slice(0, 6));
  add('community', source.communities, ranges.communities, (code) => code.slice(0, 9));
  const bbox = emptyBbox();
  for (const area of areas) {
    if (area.level !== 'district') continue;
    extendBbox(bbox, area.bbox[0], area.bbox[1]);
    extendBbox(bbox, area.bbox[2], area.bbox[3]);
  }
  return { code: source.code, name: source.name, center: city.center, bbox, gridCount: source.gridCodes.length, areas };
}
