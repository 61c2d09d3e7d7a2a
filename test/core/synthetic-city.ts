import type { ScopeLevel } from '../../contract';
import type { CityIndex, GridParents } from '../../server/core/city-index';

export interface SyntheticCityOptions {
  districts: number;
  /** Total streets, spread evenly over the districts. */
  streets: number;
  /** Total grids, spread evenly over the streets. */
  grids: number;
  /** Communities of each street, its grids spread evenly over them (default 1). */
  communitiesPerStreet?: number;
  name?: string;
}

const COLUMNS = 300;
const CELL = 0.002;
const WEST = 106;
const SOUTH = 29;

/**
 * A CityIndex over a lattice of square grids with codes shaped like the real ones
 * (district 5001dd, street +sss, community +ccc, grid +ggg), for tests and benchmarks.
 */
export function syntheticCity(options: SyntheticCityOptions): CityIndex {
  const districtCodes: string[] = [];
  const children = new Map<string, string[]>([['city', districtCodes]]);
  const names = new Map<string, string>();
  const levels = new Map<string, ScopeLevel>([['city', 'city']]);
  const parents = new Map<string, GridParents>();
  const gridCodes: string[] = [];
  const gridIndex = new Map<string, number>();

  for (let d = 0; d < options.districts; d += 1) {
    const district = String(500101 + d);
    districtCodes.push(district);
    children.set(district, []);
    names.set(district, `第${d + 1}区`);
    levels.set(district, 'district');
  }
  for (let s = 0; s < options.streets; s += 1) {
    const district = districtCodes[Math.floor((s * options.districts) / options.streets)];
    const siblings = children.get(district) ?? [];
    const street = `${district}${String(siblings.length + 1).padStart(3, '0')}`;
    siblings.push(street);
    children.set(street, []);
    names.set(street, `${names.get(district) ?? ''}第${siblings.length}街道`);
    levels.set(street, 'street');
  }
  const streets = districtCodes.flatMap((d) => children.get(d) ?? []);
  const perStreet = options.communitiesPerStreet ?? 1;
  const gridsOfStreet = new Map<string, number>();
  for (let g = 0; g < options.grids; g += 1) {
    const street = streets[Math.floor((g * streets.length) / options.grids)];
    gridsOfStreet.set(street, (gridsOfStreet.get(street) ?? 0) + 1);
  }
  const placed = new Map<string, number>();
  for (let g = 0; g < options.grids; g += 1) {
    const street = streets[Math.floor((g * streets.length) / options.grids)];
    const k = placed.get(street) ?? 0;
    placed.set(street, k + 1);
    const community = `${street}${String(Math.floor((k * perStreet) / (gridsOfStreet.get(street) ?? 1)) + 1).padStart(3, '0')}`;
    if (!levels.has(community)) {
      children.get(street)?.push(community);
      children.set(community, []);
      names.set(community, `${names.get(street) ?? ''}第${children.get(street)?.length ?? 0}社区`);
      levels.set(community, 'community');
    }
    const siblings = children.get(community) ?? [];
    const grid = `${community}${String(siblings.length + 1).padStart(3, '0')}`;
    siblings.push(grid);
    gridIndex.set(grid, gridCodes.length);
    gridCodes.push(grid);
    names.set(grid, `网格${grid.slice(-6)}`);
    levels.set(grid, 'grid');
    parents.set(grid, { community, street, district: street.slice(0, 6) });
  }

  const centre = (index: number): [number, number] => [
    WEST + ((index % COLUMNS) + 0.5) * CELL,
    SOUTH + (Math.floor(index / COLUMNS) + 0.5) * CELL,
  ];
  const locateIndex = (lng: number, lat: number): number | undefined => {
    const col = Math.floor((lng - WEST) / CELL);
    const row = Math.floor((lat - SOUTH) / CELL);
    const index = row * COLUMNS + col;
    return col >= 0 && col < COLUMNS && row >= 0 && index < gridCodes.length ? index : undefined;
  };
  return {
    name: options.name ?? '测试市',
    gridCount: gridCodes.length,
    levelOf: (scope) => levels.get(scope),
    nameOf: (scope) => (scope === 'city' ? (options.name ?? '测试市') : names.get(scope)),
    childrenOf: (scope) => (levels.get(scope) === 'grid' ? [] : (children.get(scope) ?? [])),
    parentsOf: (grid) => parents.get(grid),
    locate: (lng, lat) => {
      const index = locateIndex(lng, lat);
      return index === undefined ? undefined : gridCodes[index];
    },
    locateIndex,
    centerOf: (grid) => {
      const index = gridIndex.get(grid);
      return index === undefined ? undefined : centre(index);
    },
    centerAt: centre,
    gridIndex: (grid) => gridIndex.get(grid),
    gridCodeAt: (index) => gridCodes[index],
  };
}
