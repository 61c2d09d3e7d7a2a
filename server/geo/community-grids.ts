import type { CommunityGrids } from '../../contract';
import type { CityIndex } from '../core/city-index';

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/** A community's grids with their names and label points, as its wall labels them; undefined when the city has no such community. */
export function communityGridsOf(city: CityIndex, community: string): CommunityGrids | undefined {
  if (city.levelOf(community) !== 'community') return undefined;
  const grids = city.childrenOf(community).map((code) => {
    const [lng, lat] = city.centerOf(code) ?? [0, 0];
    return { code, name: city.nameOf(code) ?? code, center: [round(lng), round(lat)] as [number, number] };
  });
  return { community, grids };
}
