import type { ScopeLevel } from '../../contract';
import type { CityIndex } from './city-index';

export const CITY_SLOT = 0;

/**
 * Where a read looks: a scope slot's own rows (the city, a district, a street), or the sum of a
 * few grids (a community's, or a single grid) with the street they lie in.
 */
export type Place = { kind: 'slot'; slot: number } | { kind: 'grids'; grids: Int32Array; street: number };

/**
 * Dense numbering of the city, its districts and streets ("scope slots": city 0, then the
 * districts, then the streets) and the grid → community → street → district chains, taken once
 * from the CityIndex so that a contribution costs three array writes. Communities are numbered
 * apart and have no slot: a community's figures are the sums of its few grids', so the day
 * tables keep no rows for the 11,000 communities of a big city.
 */
export class ScopeIndex {
  readonly codes: string[] = ['city'];
  readonly levels: ScopeLevel[] = ['city'];
  /** District slot of each scope slot (the city's is itself). */
  readonly districtOf: Int32Array;
  /** 0-based ordinal among districts, by scope slot (-1 for the city and streets). */
  readonly districtOrdinal: Int32Array;
  readonly districtSlots: number[] = [];
  readonly streetSlots: number[] = [];
  /** Street slot of each grid index. */
  readonly streetOfGrid: Int32Array;
  /** Grid indices of each street, by street slot. */
  readonly gridsOfStreet = new Map<number, Int32Array>();
  /** Community codes, by community number. */
  readonly communityCodes: string[] = [];
  /** Community number of each grid index. */
  readonly communityOfGrid: Int32Array;
  /** Grid indices of each community, by community number. */
  readonly gridsOfCommunity: Int32Array[] = [];
  private readonly slots = new Map<string, number>([['city', CITY_SLOT]]);
  private readonly communities = new Map<string, number>();
  private readonly gridLists = new Map<number, Int32Array>();

  constructor(readonly city: CityIndex) {
    const districtOf: number[] = [CITY_SLOT];
    for (const district of city.childrenOf('city')) {
      const slot = this.add(district, 'district');
      districtOf.push(slot);
      this.districtSlots.push(slot);
    }
    for (const district of this.districtSlots) {
      for (const street of city.childrenOf(this.codes[district])) {
        if (this.slots.has(street)) throw new Error(`city index: street ${street} has two districts`);
        this.streetSlots.push(this.add(street, 'street'));
        districtOf.push(district);
      }
    }
    this.districtOf = Int32Array.from(districtOf);
    this.districtOrdinal = new Int32Array(this.codes.length).fill(-1);
    this.districtSlots.forEach((slot, i) => (this.districtOrdinal[slot] = i));

    this.streetOfGrid = new Int32Array(city.gridCount).fill(-1);
    this.communityOfGrid = new Int32Array(city.gridCount).fill(-1);
    for (const street of this.streetSlots) {
      const members: number[] = [];
      for (const community of city.childrenOf(this.codes[street])) {
        const number = this.communityCodes.length;
        if (this.communities.has(community)) throw new Error(`city index: community ${community} has two streets`);
        this.communities.set(community, number);
        this.communityCodes.push(community);
        const grids = city.childrenOf(community).map((code) => city.gridIndex(code) ?? -1);
        for (const grid of grids) {
          if (grid < 0) throw new Error(`city index: community ${community} lists a grid the city does not know`);
          this.streetOfGrid[grid] = street;
          this.communityOfGrid[grid] = number;
          members.push(grid);
        }
        this.gridsOfCommunity.push(Int32Array.from(grids));
      }
      this.gridsOfStreet.set(street, Int32Array.from(members));
    }
    const lost = this.streetOfGrid.indexOf(-1);
    if (lost >= 0) throw new Error(`city index: grid ${city.gridCodeAt(lost)} lies in no known community`);
  }

  get size(): number {
    return this.codes.length;
  }

  /** Scope slot of the city, a district or a street; undefined for communities, grids and unknown codes. */
  slotOf(code: string): number | undefined {
    return this.slots.get(code);
  }

  /** Community number of a community code; undefined for anything else. */
  communityOf(code: string): number | undefined {
    return this.communities.get(code);
  }

  /** Where the figures of a scope code are read; undefined for a code the city does not have. */
  placeOf(code: string): Place | undefined {
    const slot = this.slots.get(code);
    if (slot !== undefined) return { kind: 'slot', slot };
    const community = this.communities.get(code);
    const grids = community !== undefined ? this.gridsOfCommunity[community] : this.oneGrid(code);
    return grids === undefined || grids.length === 0 ? undefined : { kind: 'grids', grids, street: this.streetOfGrid[grids[0]] };
  }

  /** Whether a scope slot (the city, a district or a street) holds a street slot. */
  covers(slot: number, street: number): boolean {
    return slot === CITY_SLOT || street === slot || this.districtOf[street] === slot;
  }

  /** Grid indices of a scope slot, in street order. */
  gridsOf(slot: number): Int32Array {
    const level = this.levels[slot];
    if (level === 'street') return this.gridsOfStreet.get(slot) ?? new Int32Array(0);
    const cached = this.gridLists.get(slot);
    if (cached) return cached;
    const streets = this.streetSlots.filter((s) => this.covers(slot, s));
    const parts = streets.map((s) => this.gridsOfStreet.get(s) ?? new Int32Array(0));
    const all = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      all.set(part, offset);
      offset += part.length;
    }
    this.gridLists.set(slot, all);
    return all;
  }

  private oneGrid(code: string): Int32Array | undefined {
    const grid = this.city.levelOf(code) === 'grid' ? this.city.gridIndex(code) : undefined;
    return grid === undefined ? undefined : Int32Array.of(grid);
  }

  private add(code: string, level: ScopeLevel): number {
    const slot = this.codes.length;
    this.codes.push(code);
    this.levels.push(level);
    this.slots.set(code, slot);
    return slot;
  }
}
