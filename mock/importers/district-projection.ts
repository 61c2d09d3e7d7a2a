import Flatbush from 'flatbush';
import type { CityGrids } from '../shared/city-grids';
import type { ImportedCase } from './convert';
import type { FormatMapping } from './mapping';

/** Where a case lands in the demo city. */
export interface Placement {
  /** Set when the point was projected; absent when the source point already lies in the city. */
  gridCode?: string;
  lng: number;
  lat: number;
}

export interface DistrictAssignment {
  source: string;
  target: string;
  /** Source extent used for the projection: west, south, east, north. */
  bbox: readonly [number, number, number, number];
  cases: number;
}

type Box = [number, number, number, number];

interface TargetDistrict {
  code: string;
  grids: number[];
  /** Extent in lattice units (columns, rows), cell edges included. */
  box: Box;
  index: Flatbush;
}

const NO_DISTRICT = '';
/** Share of outlying points left outside a source district's extent (one each side). */
const EXTENT_TRIM = 0.01;

/**
 * Maps a foreign city's points onto the demo city: each source district goes whole to one
 * demo district, its extent stretched onto that district's grid extent, each point then
 * snapped to the nearest grid of the district. Points already inside the city stay as given.
 */
export class DistrictProjection {
  private readonly targets: TargetDistrict[];
  private readonly sourceBoxes = new Map<string, Box>();
  private readonly targetOf = new Map<string, TargetDistrict>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly city: CityGrids,
    cases: readonly ImportedCase[],
    mapping: FormatMapping,
  ) {
    this.targets = targetDistricts(city);
    const outside = cases.filter((c) => city.locate(c.lng, c.lat) < 0);
    const keyed = new Map<string, ImportedCase[]>();
    for (const c of outside) {
      if (c.district === NO_DISTRICT) continue;
      const group = keyed.get(c.district);
      if (group) group.push(c);
      else keyed.set(c.district, [c]);
    }
    if (keyed.size === 0 && outside.length > 0) keyed.set(NO_DISTRICT, outside);
    const keys = [...keyed.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const key of keys) this.sourceBoxes.set(key, robustBox(keyed.get(key) as ImportedCase[]));

    const byCode = new Map(this.targets.map((t) => [t.code, t]));
    const used = new Set<string>();
    for (const key of keys) {
      const wanted = mapping.district(key);
      if (wanted === undefined) continue;
      const target = byCode.get(wanted);
      if (!target) throw new Error(`mapping districts: "${key}" → ${wanted}, which is not a district of ${city.name}`);
      this.targetOf.set(key, target);
      used.add(wanted);
    }
    const free = this.targets.filter((t) => !used.has(t.code));
    const pool = free.length > 0 ? free : this.targets;
    let next = 0;
    for (const key of keys) {
      if (this.targetOf.has(key)) continue;
      this.targetOf.set(key, pool[next % pool.length]);
      next += 1;
    }
  }

  assignments(): DistrictAssignment[] {
    return [...this.targetOf].map(([source, target]) => ({
      source: source || '(none)',
      target: target.code,
      bbox: this.sourceBoxes.get(source) as Box,
      cases: this.counts.get(source) ?? 0,
    }));
  }

  place(c: ImportedCase): Placement {
    if (this.city.locate(c.lng, c.lat) >= 0) return { lng: c.lng, lat: c.lat };
    const key = this.keyOf(c);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const [sw, ss, se, sn] = this.sourceBoxes.get(key) as Box;
    const target = this.targetOf.get(key) as TargetDistrict;
    const [tw, ts, te, tn] = target.box;
    const fx = Math.min(1, Math.max(0, (c.lng - sw) / (se - sw)));
    const fy = Math.min(1, Math.max(0, (c.lat - ss) / (sn - ss)));
    const x = tw + fx * (te - tw);
    const y = ts + fy * (tn - ts);
    const grid = target.grids[target.index.neighbors(x, y, 1)[0]];
    const { west, south, dLng, dLat } = this.city.lattice;
    const col = this.city.col[grid];
    const row = this.city.row[grid];
    const gridCode = this.city.codes[grid];
    if (Math.floor(x) !== col || Math.floor(y) !== row) return { gridCode, lng: this.city.lng[grid], lat: this.city.lat[grid] };
    // Kept off the cell's edges, so that rounding cannot move the point into a neighbour.
    const inside = (v: number, cell: number): number => Math.min(cell + 0.95, Math.max(cell + 0.05, v));
    return { gridCode, lng: round6(west + inside(x, col) * dLng), lat: round6(south + inside(y, row) * dLat) };
  }

  /** A case's source district; one without gets the district whose extent holds it, else the nearest. */
  private keyOf(c: ImportedCase): string {
    if (this.sourceBoxes.has(c.district)) return c.district;
    let best = '';
    let bestDistance = Infinity;
    for (const [key, [w, s, e, n]] of this.sourceBoxes) {
      const dx = Math.max(w - c.lng, 0, c.lng - e);
      const dy = Math.max(s - c.lat, 0, c.lat - n);
      const d = Math.hypot(dx, dy);
      if (d < bestDistance) {
        best = key;
        bestDistance = d;
      }
    }
    return best;
  }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The city's districts, largest first, each with a nearest-grid index in lattice units. */
function targetDistricts(city: CityGrids): TargetDistrict[] {
  const groups = new Map<string, number[]>();
  city.codes.forEach((code, i) => {
    const district = code.slice(0, 6);
    const list = groups.get(district);
    if (list) list.push(i);
    else groups.set(district, [i]);
  });
  return [...groups]
    .map(([code, grids]) => {
      const index = new Flatbush(grids.length);
      const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const g of grids) {
        const x = city.col[g];
        const y = city.row[g];
        index.add(x + 0.5, y + 0.5, x + 0.5, y + 0.5);
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x + 1);
        box[3] = Math.max(box[3], y + 1);
      }
      index.finish();
      return { code, grids, box, index };
    })
    .sort((a, b) => b.grids.length - a.grids.length || a.code.localeCompare(b.code));
}

/** Extent of the points without the outermost 1 % on each side (stray geocodes), never empty. */
function robustBox(cases: readonly ImportedCase[]): Box {
  const lngs = cases.map((c) => c.lng).sort((a, b) => a - b);
  const lats = cases.map((c) => c.lat).sort((a, b) => a - b);
  const trim = cases.length >= 100 ? Math.floor(cases.length * EXTENT_TRIM) : 0;
  const at = (values: number[], i: number): number => values[Math.min(values.length - 1, Math.max(0, i))];
  let [w, e] = [at(lngs, trim), at(lngs, lngs.length - 1 - trim)];
  let [s, n] = [at(lats, trim), at(lats, lats.length - 1 - trim)];
  if (e - w < 1e-6) [w, e] = [w - 0.005, e + 0.005];
  if (n - s < 1e-6) [s, n] = [s - 0.005, n + 0.005];
  return [w, s, e, n];
}
