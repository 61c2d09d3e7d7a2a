import type { ScopeLevel } from '../../contract';
import type { CityIndex } from './city-index';

export const CITY_SLOT = 0;

/**
 * Dense numbering of the city, its districts and streets ("scope slots": city 0, then the
 * districts, then the streets) and the grid → street → district chains, taken once from the
 * CityIndex so that a contribution costs three array writes.
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
  private readonly slots = new Map<string, number>([['city', CITY_SLOT]]);
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
    const members = new Map<number, number[]>();
    for (let grid = 0; grid < city.gridCount; grid += 1) {
      const code = city.gridCodeAt(grid);
      const street = this.slots.get(city.parentsOf(code)?.street ?? '');
      if (street === undefined) throw new Error(`city index: grid ${code} lies in no known street`);
      this.streetOfGrid[grid] = street;
      let list = members.get(street);
      if (!list) members.set(street, (list = []));
      list.push(grid);
    }
    for (const street of this.streetSlots) this.gridsOfStreet.set(street, Int32Array.from(members.get(street) ?? []));
  }

  get size(): number {
    return this.codes.length;
  }

  /** Scope slot of the city, a district or a street; undefined for grids and unknown codes. */
  slotOf(code: string): number | undefined {
    return this.slots.get(code);
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

  private add(code: string, level: ScopeLevel): number {
    const slot = this.codes.length;
    this.codes.push(code);
    this.levels.push(level);
    this.slots.set(code, slot);
    return slot;
  }
}
