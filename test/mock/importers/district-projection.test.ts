import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportedCase } from '../../../mock/importers/convert';
import { DistrictProjection } from '../../../mock/importers/district-projection';
import { FormatMapping, type FormatMappingFile } from '../../../mock/importers/mapping';
import type { CityGrids } from '../../../mock/shared/city-grids';
import { demoCityGrids } from '../mock-harness';

const MAPPING: FormatMappingFile = {
  categories: {},
  defaultCategory: 'E.01.01',
  sources: {},
  defaultSource: 'hotline',
  statuses: {},
  defaultStatus: 'open',
  cancelledNotes: [],
};

let city: CityGrids;
beforeAll(() => {
  city = demoCityGrids();
});

/** A foreign city: three districts side by side around (-118.3, 34.0), a grid of points each. */
function foreignCases(): ImportedCase[] {
  const cases: ImportedCase[] = [];
  for (const [d, district] of ['1', '2', '10'].entries()) {
    for (let i = 0; i < 20; i += 1) {
      for (let j = 0; j < 20; j += 1) {
        cases.push({
          line: cases.length + 2,
          sourceId: `${district}-${i}-${j}`,
          createdAt: 0,
          outcome: 'open',
          category: 'E.01.01',
          source: 'hotline',
          district,
          lng: -118.5 + d * 0.2 + i * 0.01,
          lat: 33.9 + j * 0.01,
          description: '',
        });
      }
    }
  }
  return cases;
}

describe('projecting a foreign city onto the demo city', () => {
  it('keeps each source district together on a demo district of its own, deterministically', () => {
    const cases = foreignCases();
    const projection = new DistrictProjection(city, cases, new FormatMapping(MAPPING));
    const placed = cases.map((c) => projection.place(c));
    const targets = projection.assignments();
    expect(targets.map((a) => a.source)).toEqual(['1', '2', '10']);
    expect(new Set(targets.map((a) => a.target)).size).toBe(3);
    const targetOf = new Map(targets.map((a) => [a.source, a.target]));
    const strays = placed.filter((p, i) => p.gridCode?.slice(0, 6) !== targetOf.get(cases[i].district));
    expect(strays).toEqual([]);
    // Each placed point lies in the grid it names (or is that grid's centre).
    expect(placed.filter((p) => city.codes[city.locate(p.lng, p.lat)] !== p.gridCode)).toEqual([]);

    const again = new DistrictProjection(city, cases, new FormatMapping(MAPPING));
    expect(cases.map((c) => again.place(c))).toEqual(placed);
  });

  it('keeps west west and north north within a district', () => {
    const cases = foreignCases().filter((c) => c.district === '2');
    const projection = new DistrictProjection(city, cases, new FormatMapping(MAPPING));
    const cols = cases.map((c) => city.col[city.codes.indexOf(projection.place(c).gridCode as string)]);
    const rows = cases.map((c) => city.row[city.codes.indexOf(projection.place(c).gridCode as string)]);
    const mean = (values: number[], pick: (c: ImportedCase) => boolean) => {
      const chosen = values.filter((_, i) => pick(cases[i]));
      return chosen.reduce((a, b) => a + b, 0) / chosen.length;
    };
    expect(mean(cols, (c) => c.lng < -118.2)).toBeLessThan(mean(cols, (c) => c.lng > -118.2));
    expect(mean(rows, (c) => c.lat < 34.0)).toBeLessThan(mean(rows, (c) => c.lat > 34.0));
  });

  it('gives rows without a district the district whose extent holds them', () => {
    const cases = foreignCases();
    const stray = { ...cases[0], sourceId: 'stray', district: '', lng: -118.05, lat: 34.0 };
    const projection = new DistrictProjection(city, [...cases, stray], new FormatMapping(MAPPING));
    const target = projection.assignments().find((a) => a.source === '10')?.target;
    expect(projection.place(stray).gridCode?.slice(0, 6)).toBe(target);
  });

  it('follows the mapping file where it names a district, and refuses an unknown one', () => {
    const cases = foreignCases();
    const projection = new DistrictProjection(city, cases, new FormatMapping({ ...MAPPING, districts: { '2': '500103' } }));
    expect(projection.assignments().find((a) => a.source === '2')?.target).toBe('500103');
    expect(projection.assignments().filter((a) => a.target === '500103')).toHaveLength(1);
    expect(() => new DistrictProjection(city, cases, new FormatMapping({ ...MAPPING, districts: { '2': '500999' } }))).toThrow(
      /"2" → 500999, which is not a district/,
    );
  });

  it('uses points that already lie in the city as they are', () => {
    const inside = { ...foreignCases()[0], lng: city.lng[100], lat: city.lat[100], district: '7' };
    const projection = new DistrictProjection(city, [inside], new FormatMapping(MAPPING));
    expect(projection.place(inside)).toEqual({ lng: city.lng[100], lat: city.lat[100] });
  });
});
