import type { CityIndex } from '../../server/core/city-index';

export interface RoomPlan {
  /** The scope of each client. */
  rooms: string[];
  /** The level of each client's scope. */
  levels: string[];
  /** Every grid of the city (where the ingest reports cases). */
  grids: string[];
  /** One grid per watched street, in its first community: the latency probes land there, so every watched room sees them. */
  probeGrids: string[];
  summary: string;
}

/** Clients per watched street or community room. */
const PER_ROOM = 10;

/** How a run's clients are spread over the levels, as shares of the whole. */
export interface LevelShares {
  city: number;
  district: number;
  street: number;
  community: number;
}

/** Walls on the city, districts and streets (tablets): the spread of the first benchmarks. */
export const CITY_CENTRED: LevelShares = { city: 0.05, district: 0.2, street: 0.75, community: 0 };
/** Every command centre its own wall: 100 district, 1,000 street and 900 community clients of 2,000. */
export const EVERY_CENTRE: LevelShares = { city: 0, district: 0.05, street: 0.5, community: 0.45 };

/**
 * Spreads clients over the levels by `shares`: districts taken evenly; street and community
 * clients ten per watched room, the streets taken evenly over the city and the communities
 * first of those streets (where the probes land), then of the others.
 */
export function assignRooms(city: CityIndex, clients: number, shares: LevelShares = CITY_CENTRED): RoomPlan {
  const districts = [...city.childrenOf('city')];
  const gridsOf = (scope: string): string[] => (city.levelOf(scope) === 'community' ? [...city.childrenOf(scope)] : city.childrenOf(scope).flatMap(gridsOf));
  const streets = districts.flatMap((d) => city.childrenOf(d).filter((s) => city.childrenOf(s).length > 0));
  const counts = {
    city: Math.round(clients * shares.city),
    district: Math.round(clients * shares.district),
    community: Math.round(clients * shares.community),
  };
  const streetClients = clients - counts.city - counts.district - counts.community;
  const watchedStreets = Math.max(1, Math.ceil(Math.max(streetClients, counts.community) / PER_ROOM));
  const step = streets.length / watchedStreets;
  const chosen = Array.from({ length: watchedStreets }, (_, i) => streets[Math.floor(i * step)]);
  const communities = [...chosen.map((s) => city.childrenOf(s)[0]), ...chosen.flatMap((s) => city.childrenOf(s).slice(1))];
  const watchedCommunities = Math.ceil(counts.community / PER_ROOM);

  const rooms: string[] = [];
  const levels: string[] = [];
  const add = (room: string, level: string): void => {
    rooms.push(room);
    levels.push(level);
  };
  for (let i = 0; i < counts.city; i += 1) add('city', 'city');
  for (let i = 0; i < counts.district; i += 1) add(districts[i % districts.length], 'district');
  for (let i = 0; i < streetClients; i += 1) add(chosen[Math.floor(i / PER_ROOM) % chosen.length], 'street');
  for (let i = 0; i < counts.community; i += 1) add(communities[Math.floor(i / PER_ROOM) % communities.length], 'community');

  const grids = Array.from({ length: city.gridCount }, (_, i) => city.gridCodeAt(i));
  const probeGrids = chosen.map((street) => gridsOf(city.childrenOf(street)[0])[0]);
  return {
    rooms,
    levels,
    grids,
    probeGrids,
    summary: `${counts.city} city, ${counts.district} over ${Math.min(districts.length, counts.district)} districts, ${streetClients} over ${Math.min(watchedStreets, Math.ceil(streetClients / PER_ROOM))} streets, ${counts.community} over ${Math.min(watchedCommunities, communities.length)} communities`,
  };
}
