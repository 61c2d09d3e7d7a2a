import { chainOf, holds } from '../../contract';
import type { CityIndex } from '../core/city-index';

/**
 * A live room is named by its scope code: `city`, a district, a street, a community or a grid.
 * Socket ids are random 20-character strings, so they never collide with these names.
 *
 * Every scope gets a room of its own rather than a filtered parent room: a room only exists
 * while a socket is in it and deltas are only built for rooms that exist, so the cost stays one
 * serialization per occupied room and tick, whatever the level.
 */
export const CITY_ROOM = 'city';

/** Maps a scope to the rooms its changes concern (itself and every enclosing scope). */
export class RoomMap {
  constructor(private readonly city: CityIndex) {}

  /** The rooms that show a scope: the scope's own room and those of its ancestors. */
  ofScope(scope: string): string[] {
    if (this.city.levelOf(scope) === undefined) return scope === CITY_ROOM ? [CITY_ROOM] : [];
    return [CITY_ROOM, ...chainOf(scope)];
  }

  /** Whether `scope` lies within `room` (a room sees its own scope and everything inside it). */
  covers(room: string, scope: string): boolean {
    return holds(room, scope) && this.city.levelOf(scope) !== undefined;
  }
}
