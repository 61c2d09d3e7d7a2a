import type { Lattice } from './raster';
import type { Random } from './random';
import { partition } from './partition';
import { cellCentre, type DistrictCells, type UrbanCost } from './select-cells';
import type { Division } from './sources';

/** Fewest cells a street or a community gets, so areas keep a plausible size. */
const MIN_CELLS_PER_STREET = 25;
const MIN_CELLS_PER_COMMUNITY = 4;
const MAX_GRIDS_PER_COMMUNITY = 999;

/** The grids of one community, in sequence order (grid code = community code + 3-digit index + 1). */
export interface CommunityGrids {
  community: string;
  cells: number[];
}

export interface Hierarchy {
  streetsOf: Map<string, Division[]>;
  communitiesOf: Map<string, Division[]>;
}

/**
 * Splits cells into regions and hands them to areas in order: the most central region to the
 * first area (codes list 街道 before 镇 and 社区 before 村, the urban ones first).
 */
function share<T>(cells: Int32Array, areas: T[], lattice: Lattice, cost: UrbanCost, random: Random): Array<[T, Int32Array]> {
  const labels = partition(cells, lattice.cols, areas.length, random);
  const sums = new Float64Array(areas.length);
  const counts = new Int32Array(areas.length);
  cells.forEach((cell, i) => {
    const [lng, lat] = cellCentre(lattice, cell);
    sums[labels[i]] += cost(lng, lat);
    counts[labels[i]] += 1;
  });
  const ranked = areas.map((_, j) => j).sort((a, b) => sums[a] / counts[a] - sums[b] / counts[b] || a - b);
  return ranked.map((region, rank) => [areas[rank], cells.filter((_, i) => labels[i] === region)]);
}

/** Reading order: north to south, then west to east. */
function sequenceOrder(cells: Int32Array, cols: number): number[] {
  return Array.from(cells).sort((a, b) => Math.floor(b / cols) - Math.floor(a / cols) || (a % cols) - (b % cols));
}

export function assignDistrict(lattice: Lattice, district: DistrictCells, hierarchy: Hierarchy, random: Random): CommunityGrids[] {
  const withCommunities = (hierarchy.streetsOf.get(district.code) ?? []).filter((s) => (hierarchy.communitiesOf.get(s.code) ?? []).length > 0);
  const urban = district.plan.central ? withCommunities : withCommunities.filter((s) => s.name.endsWith('街道'));
  const eligible = urban.length > 0 ? urban : withCommunities;
  const streetCount = Math.min(eligible.length, Math.max(1, Math.floor(district.cells.length / MIN_CELLS_PER_STREET)));
  const result: CommunityGrids[] = [];
  for (const [street, streetCells] of share(district.cells, eligible.slice(0, streetCount), lattice, district.cost, random)) {
    const communities = hierarchy.communitiesOf.get(street.code) ?? [];
    const count = Math.min(communities.length, Math.max(1, Math.floor(streetCells.length / MIN_CELLS_PER_COMMUNITY)));
    for (const [community, cells] of share(streetCells, communities.slice(0, count), lattice, district.cost, random)) {
      if (cells.length > MAX_GRIDS_PER_COMMUNITY) throw new Error(`community ${community.code} would get ${cells.length} grids (at most 999)`);
      result.push({ community: community.code, cells: sequenceOrder(cells, lattice.cols) });
    }
  }
  return result.sort((a, b) => (a.community < b.community ? -1 : 1));
}
