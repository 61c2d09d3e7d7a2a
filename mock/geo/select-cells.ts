import type { Lattice } from './raster';
import { valueNoise } from './random';
import { GRID_TOTAL, URBAN_PLAN, type Centre, type DistrictPlan } from './urban-plan';

const KM_PER_LNG = 96.87;
const KM_PER_LAT = 110.85;

/** Urban cost of a point: lower is more central. Noise makes the built-up edge ragged, as real ones are. */
export type UrbanCost = (lng: number, lat: number) => number;

export function urbanCost(centres: readonly Centre[], seed: number): UrbanCost {
  const noise = valueNoise(seed);
  return (lng, lat) => {
    let best = Infinity;
    for (const [cLng, cLat, reach] of centres) {
      const dx = (lng - cLng) * KM_PER_LNG;
      const dy = (lat - cLat) * KM_PER_LAT;
      best = Math.min(best, Math.sqrt(dx * dx + dy * dy) / reach);
    }
    const x = lng * KM_PER_LNG;
    const y = lat * KM_PER_LAT;
    const ragged = 0.75 * noise(x / 3.5, y / 3.5) + 0.25 * noise(x / 1.2, y / 1.2);
    return best * (0.55 + 0.9 * ragged);
  };
}

export function cellCentre(lattice: Lattice, cell: number): [number, number] {
  const row = Math.floor(cell / lattice.cols);
  const col = cell - row * lattice.cols;
  return [lattice.west + (col + 0.5) * lattice.dLng, lattice.south + (row + 0.5) * lattice.dLat];
}

export interface DistrictInput {
  code: string;
  candidates: Int32Array;
  labelPoint?: [number, number];
}

export interface DistrictCells {
  code: string;
  plan: DistrictPlan;
  cost: UrbanCost;
  cells: Int32Array;
}

function planOf(district: DistrictInput): DistrictPlan {
  const plan = URBAN_PLAN[district.code];
  if (!plan) throw new Error(`no urban plan for district ${district.code}`);
  if (plan.central || plan.centres.length > 0) return plan;
  if (!district.labelPoint) throw new Error(`district ${district.code} has neither planned centres nor a label point`);
  return { ...plan, centres: [[district.labelPoint[0], district.labelPoint[1], 1]] };
}

/** Splits the total into per-district counts: fixed quotas first, the rest by weight (largest remainder). */
function quotas(districts: DistrictInput[], plans: DistrictPlan[]): number[] {
  const fixed = plans.map((plan, i) => (plan.quota === 'all' ? districts[i].candidates.length : (plan.quota ?? 0)));
  const rest = GRID_TOTAL - fixed.reduce((a, b) => a + b, 0);
  const weights = plans.map((plan) => (plan.quota === undefined ? (plan.weight ?? 0) : 0));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / weightSum);
  const counts = fixed.map((f, i) => f + Math.floor(exact[i]));
  let missing = GRID_TOTAL - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing === 0) break;
    counts[i] += 1;
    missing -= 1;
  }
  counts.forEach((n, i) => {
    if (n > districts[i].candidates.length) {
      throw new Error(`district ${districts[i].code} needs ${n} cells but only ${districts[i].candidates.length} lie wholly inside it`);
    }
  });
  return counts;
}

/** Picks each district's most urban cells, exactly GRID_TOTAL in all. */
export function selectCells(lattice: Lattice, districts: DistrictInput[], seed: number): DistrictCells[] {
  const plans = districts.map(planOf);
  const counts = quotas(districts, plans);
  return districts.map((district, i) => {
    const cost = urbanCost(plans[i].centres, seed + i);
    return { code: district.code, plan: plans[i], cost, cells: cheapest(lattice, district.candidates, cost, counts[i]) };
  });
}

/**
 * The `count` cells of least urban cost, ties going to the lower cell id; found with a
 * threshold over a typed-array sort, since the candidates of a whole district run to millions.
 */
function cheapest(lattice: Lattice, candidates: Int32Array, cost: UrbanCost, count: number): Int32Array {
  if (count === 0) return new Int32Array(0);
  const costs = new Float64Array(candidates.length);
  candidates.forEach((cell, i) => {
    const [lng, lat] = cellCentre(lattice, cell);
    costs[i] = cost(lng, lat);
  });
  const threshold = costs.slice().sort()[count - 1];
  let ties = count - costs.filter((c) => c < threshold).length;
  return candidates.filter((_, i) => costs[i] < threshold || (costs[i] === threshold && ties-- > 0));
}
