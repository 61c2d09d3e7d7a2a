import type { CityGrids } from '../shared/city-grids';
import { addDays } from '../shared/city-time';
import { HOTSPOT_KINDS, type HotspotKind } from './profiles';
import { cumulate, Random } from './random';

/** A place drawing cases for a few days (a market, a school, a site, a hub), drifting slowly. */
export interface Hotspot {
  id: string;
  kind: HotspotKind;
  grid: number;
  weight: number;
}

export interface SpatialOptions {
  seed: number;
  /** Share of cases drawn to hotspots (the rest follow the background density). */
  hotspotShare?: number;
}

const MIN_LIFE_DAYS = 4;
const MAX_LIFE_DAYS = 24;

/**
 * Where cases happen: a background density that is highest downtown and falls off towards the
 * suburbs (with a fixed per-grid roughness, since some streets are always busier), plus
 * hotspots that are born, drift a little each day and fade.
 */
export class SpatialModel {
  readonly hotspotShare: number;
  private readonly background: Float64Array;
  private readonly birthsPerDay: number;
  private readonly hotspotCache = new Map<string, { spots: Hotspot[]; cumulative: Float64Array }>();

  constructor(
    private readonly city: CityGrids,
    private readonly options: SpatialOptions,
  ) {
    this.hotspotShare = options.hotspotShare ?? 0.25;
    this.background = cumulate(backgroundWeights(city, options.seed));
    const alive = Math.min(60, Math.max(4, Math.round(city.codes.length / 1500)));
    this.birthsPerDay = Math.max(1, Math.round(alive / ((MIN_LIFE_DAYS + MAX_LIFE_DAYS) / 2)));
  }

  pickBackground(rng: Random): number {
    return rng.pick(this.background);
  }

  /** The hotspots active on a local day (cached: a simulator asks for the same day a lot). */
  hotspotsOn(day: string): { spots: readonly Hotspot[]; cumulative: Float64Array } {
    let entry = this.hotspotCache.get(day);
    if (!entry) {
      const spots = this.computeHotspots(day);
      entry = { spots, cumulative: cumulate(spots.map((s) => s.weight)) };
      if (this.hotspotCache.size > 64) this.hotspotCache.clear();
      this.hotspotCache.set(day, entry);
    }
    return entry;
  }

  /** A grid close to `grid` (a hotspot's neighbourhood), or `grid` itself. */
  pickNear(rng: Random, grid: number): number {
    const col = this.city.col[grid] + Math.round(rng.normal() * 0.9);
    const row = this.city.row[grid] + Math.round(rng.normal() * 0.9);
    const near = this.city.gridAtCell(col, row);
    return near >= 0 ? near : grid;
  }

  private computeHotspots(day: string): Hotspot[] {
    const spots: Hotspot[] = [];
    for (let age = 0; age < MAX_LIFE_DAYS; age += 1) {
      const born = addDays(day, -age);
      for (let j = 0; j < this.birthsPerDay; j += 1) {
        const rng = Random.of(this.options.seed, 'hotspot', born, j);
        const life = MIN_LIFE_DAYS + rng.int(MAX_LIFE_DAYS - MIN_LIFE_DAYS + 1);
        if (age >= life) continue;
        const kind = HOTSPOT_KINDS[rng.int(HOTSPOT_KINDS.length)];
        const strength = rng.logNormal(1, 0.5);
        const grid = this.drift(this.pickBackground(rng), rng.normal() * 0.4, rng.normal() * 0.4, age);
        // Rises and fades over its life rather than switching on and off.
        const weight = strength * Math.sin((Math.PI * (age + 0.5)) / life);
        spots.push({ id: `${born}#${j}`, kind, grid, weight });
      }
    }
    return spots;
  }

  /** Position after `days` of drift at (dCol, dRow) cells a day, staying on the city's grids. */
  private drift(origin: number, dCol: number, dRow: number, days: number): number {
    let grid = origin;
    for (let d = 1; d <= days; d += 1) {
      const next = this.city.gridAtCell(
        Math.round(this.city.col[origin] + dCol * d),
        Math.round(this.city.row[origin] + dRow * d),
      );
      if (next < 0) break;
      grid = next;
    }
    return grid;
  }
}

function backgroundWeights(city: CityGrids, seed: number): Float64Array {
  const [cx, cy] = city.center;
  const kx = Math.cos((cy * Math.PI) / 180);
  const { dLng, dLat, cols, rows } = city.lattice;
  const extent = Math.max(cols * dLng * kx, rows * dLat);
  // A dense core and a wider metropolitan ring, over a thin rural floor.
  const core = 0.03 * extent;
  const metro = 0.12 * extent;
  const rng = Random.of(seed, 'grid-roughness');
  const weights = new Float64Array(city.codes.length);
  for (let i = 0; i < weights.length; i += 1) {
    const d = Math.hypot((city.lng[i] - cx) * kx, city.lat[i] - cy);
    weights[i] = (0.06 + Math.exp(-d / core) + 0.5 * Math.exp(-d / metro)) * Math.exp(0.5 * rng.normal());
  }
  return weights;
}

