import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CityAreasSchema, LatticeGridsSchema, type LatticeGrids } from '../../contract';
import { loadCity, type City } from '../../server/geo';
import { insideMultiPolygon, multiPolygonArea } from './ring-geometry';

const CENTRAL_DISTRICTS = ['500103', '500104', '500105', '500106', '500107', '500108', '500109', '500112', '500113'];

let city: City;
let lattice: LatticeGrids;

beforeAll(() => {
  const started = performance.now();
  city = loadCity();
  console.log(`demo city loaded in ${(performance.now() - started).toFixed(0)} ms`);
  const grids = city.grids();
  if (grids.kind !== 'lattice') throw new Error('the demo city is a lattice');
  lattice = grids;
});

function cellBox(i: number): [number, number, number, number] {
  const { west, south, dLng, dLat, cols } = lattice;
  const row = Math.floor(lattice.cells[i] / cols);
  const col = lattice.cells[i] % cols;
  return [west + col * dLng, south + row * dLat, west + (col + 1) * dLng, south + (row + 1) * dLat];
}

describe('demo city: hierarchy and codes', () => {
  it('has exactly 64,200 grids, 38 districts and the real streets and communities', () => {
    expect(city.gridCount).toBe(64_200);
    expect(lattice.codes).toHaveLength(64_200);
    expect(city.childrenOf('city')).toHaveLength(38);
    const areas = city.areas();
    const count = (level: string) => areas.areas.filter((a) => a.level === level).length;
    expect(count('district')).toBe(38);
    expect(count('street')).toBe(1031);
    expect(count('community')).toBe(11270);
    expect(areas.gridCount).toBe(64_200);
    expect(city.name).toBe('重庆市');
    expect(city.nameOf('500103')).toBe('渝中区');
  });

  it('gives every grid a unique, well-formed 15-digit code nested in real areas', () => {
    const areas = new Map(city.areas().areas.map((a) => [a.code, a]));
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const code of lattice.codes) {
      const parents = city.parentsOf(code);
      if (!/^50\d{13}$/.test(code)) problems.push(`${code}: not 15 digits of Chongqing`);
      if (seen.has(code)) problems.push(`${code}: repeated`);
      if (areas.get(code.slice(0, 6))?.level !== 'district') problems.push(`${code}: no district ${code.slice(0, 6)}`);
      if (areas.get(code.slice(0, 9))?.level !== 'street') problems.push(`${code}: no street ${code.slice(0, 9)}`);
      if (areas.get(code.slice(0, 12))?.level !== 'community') problems.push(`${code}: no community ${code.slice(0, 12)}`);
      if (Number(code.slice(12)) < 1) problems.push(`${code}: sequence 000`);
      if (parents?.street !== code.slice(0, 9) || parents.district !== code.slice(0, 6)) problems.push(`${code}: wrong parents`);
      if (city.levelOf(code) !== 'grid') problems.push(`${code}: not a grid scope`);
      seen.add(code);
    }
    expect(problems).toEqual([]);
  });

  it('records per area its grid count, and most central streets have grids', () => {
    const areas = city.areas().areas;
    const counted = new Map<string, number>();
    for (const code of lattice.codes) for (const prefix of [6, 9, 12]) counted.set(code.slice(0, prefix), (counted.get(code.slice(0, prefix)) ?? 0) + 1);
    for (const area of areas) expect(area.gridCount, area.code).toBe(counted.get(area.code) ?? 0);
    const centralStreets = areas.filter((a) => a.level === 'street' && CENTRAL_DISTRICTS.includes(a.parent));
    const withGrids = centralStreets.filter((a) => a.gridCount > 0).length;
    expect(withGrids / centralStreets.length).toBeGreaterThan(0.8);
    const central = areas.filter((a) => a.level === 'district' && CENTRAL_DISTRICTS.includes(a.code)).reduce((n, a) => n + a.gridCount, 0);
    expect(central / 64_200).toBeGreaterThan(0.5);
    expect(areas.filter((a) => a.level === 'district').every((a) => a.gridCount > 0)).toBe(true);
  });

  it('walks the hierarchy both ways with the dense index', () => {
    let grids = 0;
    for (const district of city.childrenOf('city')) {
      expect(city.levelOf(district)).toBe('district');
      for (const street of city.childrenOf(district)) {
        expect(city.levelOf(street)).toBe('street');
        expect(street.startsWith(district)).toBe(true);
        for (const community of city.childrenOf(street)) {
          expect(city.levelOf(community)).toBe('community');
          expect(community.startsWith(street)).toBe(true);
          for (const grid of city.childrenOf(community)) {
            expect(city.gridCodeAt(city.gridIndex(grid) ?? -1)).toBe(grid);
            expect(city.parentsOf(grid)).toEqual({ community, street, district });
            grids += 1;
          }
        }
      }
    }
    expect(grids).toBe(64_200);
    expect(city.childrenOf(lattice.codes[0])).toEqual([]);
    expect(city.levelOf('999999')).toBeUndefined();
    expect(city.levelOf('500103001999')).toBeUndefined();
    expect(city.levelOf(lattice.codes[0].slice(0, 12))).toBe('community');
    expect(city.nameOf(lattice.codes[0])).toMatch(/第\d+网格$/);
  });

  it('serves areas and grids that match their schemas', () => {
    expect(Value.Check(CityAreasSchema, city.areas())).toBe(true);
    expect(Value.Check(LatticeGridsSchema, lattice)).toBe(true);
    expect(new Set(lattice.cells).size).toBe(64_200);
  });
});

describe('demo city: geometry', () => {
  it('puts every cell wholly inside its district real outline (all four corners)', () => {
    const outlines = new Map(city.districtOutlines().features.map((f) => [f.properties.code, f.geometry.coordinates]));
    expect(outlines.size).toBe(38);
    const outside: string[] = [];
    lattice.codes.forEach((code, i) => {
      const polygons = outlines.get(code.slice(0, 6));
      if (!polygons) throw new Error(`no outline for ${code.slice(0, 6)}`);
      const [w, s, e, n] = cellBox(i);
      const corners = [[w, s], [e, s], [e, n], [w, n]];
      if (!corners.every(([x, y]) => insideMultiPolygon(polygons, x, y))) outside.push(code);
    });
    expect(outside).toEqual([]);
  });

  it('locates a point inside a grid cell to that grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64_199 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (i, fx, fy) => {
        const [w, s, e, n] = cellBox(i);
        return city.locate(w + (e - w) * fx, s + (n - s) * fy) === lattice.codes[i];
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the geometry on random points of the city extent, undefined outside every grid', () => {
    const boxes = lattice.codes.map((_, i) => cellBox(i));
    const { bbox } = city.areas();
    fc.assert(
      fc.property(fc.double({ min: bbox[0] - 0.5, max: bbox[2] + 0.5, noNaN: true }), fc.double({ min: bbox[1] - 0.5, max: bbox[3] + 0.5, noNaN: true }), (lng, lat) => {
        const found = city.locate(lng, lat);
        const containing = boxes.findIndex(([w, s, e, n]) => lng > w && lng < e && lat > s && lat < n);
        return found === (containing === -1 ? undefined : lattice.codes[containing]);
      }),
      { numRuns: 300 },
    );
    const nearCore = Array.from({ length: 400 }, (_, k) => [106.45 + (k % 20) * 0.01, 29.45 + Math.floor(k / 20) * 0.01]);
    for (const [lng, lat] of nearCore) {
      const found = city.locate(lng, lat);
      const containing = boxes.findIndex(([w, s, e, n]) => lng > w && lng < e && lat > s && lat < n);
      if (containing !== -1) expect(found).toBe(lattice.codes[containing]);
    }
    expect(city.locate(0, 0)).toBeUndefined();
    expect(city.locate(Number.NaN, 29.5)).toBeUndefined();
  });

  it('outlines each street as exactly the union of its cells', () => {
    const streets = city.streetOutlines().features;
    const withGrids = city.areas().areas.filter((a) => a.level === 'street' && a.gridCount > 0);
    expect(streets).toHaveLength(withGrids.length);
    const cellArea = lattice.dLng * lattice.dLat;
    for (const street of streets) {
      const grids = city.childrenOf(street.properties.code).reduce((n, community) => n + city.childrenOf(community).length, 0);
      expect(street.properties.district).toBe(street.properties.code.slice(0, 6));
      expect(multiPolygonArea(street.geometry.coordinates) / cellArea).toBeCloseTo(grids, 3);
    }
  });

  it('keeps the grid payload within 1.5 MB gzipped', () => {
    const grids = city.asset('grids');
    const areas = city.asset('areas');
    console.log(`grids payload ${grids.body.length} bytes, ${grids.gzip.length} gzipped; areas ${areas.body.length} bytes, ${areas.gzip.length} gzipped`);
    expect(grids.gzip.length).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });
});
