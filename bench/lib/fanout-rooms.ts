import type { CityIndex } from '../../server/core/city-index';

export interface RoomPlan {
  /** The scope of each client. */
  rooms: string[];
  /** The level of each client's scope. */
  levels: string[];
  /** Every grid of the city (where the ingest reports cases). */
  grids: string[];
  /** One grid per watched street: the latency probes land there, so a street, district and city room all see them. */
  probeGrids: string[];
  summary: string;
}

const PER_STREET = 10;

/**
 * Spreads clients the way a command centre would: 5 % on the city (walls), 20 % on districts,
 * the rest on streets (tablets), ten per watched street, streets and districts taken evenly.
 */
export function assignRooms(city: CityIndex, clients: number): RoomPlan {
  const districts = [...city.childrenOf('city')];
  const streets = districts.flatMap((d) => city.childrenOf(d).filter((s) => city.childrenOf(s).length > 0));
  const cityClients = Math.round(clients * 0.05);
  const districtClients = Math.round(clients * 0.2);
  const streetClients = clients - cityClients - districtClients;
  const watched = Math.max(1, Math.ceil(streetClients / PER_STREET));
  const step = streets.length / watched;
  const chosen = Array.from({ length: watched }, (_, i) => streets[Math.floor(i * step)]);

  const rooms: string[] = [];
  const levels: string[] = [];
  const add = (room: string, level: string): void => {
    rooms.push(room);
    levels.push(level);
  };
  for (let i = 0; i < cityClients; i += 1) add('city', 'city');
  for (let i = 0; i < districtClients; i += 1) add(districts[i % districts.length], 'district');
  for (let i = 0; i < streetClients; i += 1) add(chosen[Math.floor(i / PER_STREET) % chosen.length], 'street');

  const grids = Array.from({ length: city.gridCount }, (_, i) => city.gridCodeAt(i));
  const probeGrids = chosen.map((street) => city.childrenOf(street)[0]);
  return {
    rooms,
    levels,
    grids,
    probeGrids,
    summary: `${cityClients} city, ${districtClients} over ${Math.min(districts.length, districtClients)} districts, ${streetClients} over ${watched} streets`,
  };
}
