/** Positions [start, end) of an area's grids in the sorted grid codes. */
export interface GridRange {
  readonly start: number;
  readonly end: number;
}

import { CODE_LENGTH } from '../../contract';
import type { GridParents } from '../core/city-index';

/**
 * Where each area's grids sit in the sorted codes. A grid code starts with its community,
 * street and district codes, so an area's grids are one contiguous run: one scan finds them all.
 */
export class GridRanges {
  readonly indexOf = new Map<string, number>();
  readonly districts = new Map<string, GridRange>();
  readonly streets = new Map<string, GridRange>();
  readonly communities = new Map<string, GridRange>();
  /** One shared parents object per community: parentsOf allocates nothing. */
  private readonly parents: GridParents[] = [];
  private readonly parentOfGrid: Int32Array;

  constructor(codes: readonly string[]) {
    const n = codes.length;
    this.parentOfGrid = new Int32Array(n);
    let district = '';
    let street = '';
    let community = '';
    let districtStart = 0;
    let streetStart = 0;
    let communityStart = 0;
    for (let i = 0; i < n; i++) {
      const code = codes[i];
      this.indexOf.set(code, i);
      if (this.indexOf.size !== i + 1) throw new Error(`grid code ${code} appears twice`);
      if (community === '' || !code.startsWith(community)) {
        if (community !== '') this.close(this.communities, community, communityStart, i);
        community = code.slice(0, CODE_LENGTH.community);
        communityStart = i;
        if (!code.startsWith(street) || street === '') {
          if (street !== '') this.close(this.streets, street, streetStart, i);
          street = code.slice(0, CODE_LENGTH.street);
          streetStart = i;
          if (!code.startsWith(district) || district === '') {
            if (district !== '') this.close(this.districts, district, districtStart, i);
            district = code.slice(0, CODE_LENGTH.district);
            districtStart = i;
          }
        }
        this.parents.push({ community, street, district });
      }
      this.parentOfGrid[i] = this.parents.length - 1;
    }
    if (n > 0) {
      this.close(this.communities, community, communityStart, n);
      this.close(this.streets, street, streetStart, n);
      this.close(this.districts, district, districtStart, n);
    }
  }

  private close(ranges: Map<string, GridRange>, code: string, start: number, end: number): void {
    if (ranges.has(code)) throw new Error(`grid codes are not sorted: the grids of ${code} are not all together`);
    ranges.set(code, { start, end });
  }

  parentsOf(index: number): GridParents {
    return this.parents[this.parentOfGrid[index]];
  }
}

export function indicesOf(range: GridRange): number[] {
  return Array.from({ length: range.end - range.start }, (_, k) => range.start + k);
}
