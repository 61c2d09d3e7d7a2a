import type { CityIndex } from '../core/city-index';

/**
 * A live room is named by its scope code: `city`, a district, a street or a grid. Socket ids
 * are random 20-character strings, so they never collide with these names.
 *
 * Grid scopes get a room of their own rather than a filtered street room: a room only exists
 * while a socket is in it and deltas are only built for rooms that exist, so the cost stays one
 * serialization per occupied room and tick, whatever the level.
 */
export const CITY_ROOM = 'city';

/** Maps a scope to the rooms its changes concern (itself and every enclosing scope). */
export class RoomMap {
  private readonly streetDistrict = new Map<string, string>();

  constructor(private readonly city: CityIndex) {}

  /** City, district, street and grid rooms of a grid, or just the city room for an unknown grid. */
  ofGrid(gridCode: string): string[] {
    const parents = this.city.parentsOf(gridCode);
    if (!parents) return [CITY_ROOM];
    return [CITY_ROOM, parents.district, parents.street, gridCode];
  }

  /** The rooms that show a scope: the scope's own room and those of its ancestors. */
  ofScope(scope: string): string[] {
    switch (this.city.levelOf(scope)) {
      case 'city':
        return [CITY_ROOM];
      case 'district':
        return [CITY_ROOM, scope];
      case 'street': {
        const district = this.districtOfStreet(scope);
        return district ? [CITY_ROOM, district, scope] : [CITY_ROOM, scope];
      }
      case 'grid':
        return this.ofGrid(scope);
      default:
        return [];
    }
  }

  /** Whether `scope` lies within `room` (a room sees its own scope and everything inside it). */
  covers(room: string, scope: string): boolean {
    return this.ofScope(scope).includes(room);
  }

  private districtOfStreet(street: string): string | undefined {
    const known = this.streetDistrict.get(street);
    if (known) return known;
    const firstGrid = this.city.childrenOf(street)[0];
    const district = firstGrid === undefined ? undefined : this.city.parentsOf(firstGrid)?.district;
    if (district) this.streetDistrict.set(street, district);
    return district;
  }
}
