import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CityAreasSchema } from '../../contract';
import { loadCity, type City } from '../../server/geo';
import { GridFeatureCollectionSchema } from '../../server/geo/schemas';
import { insideMultiPolygon, multiPolygonArea } from './ring-geometry';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'small-city.geojson');
const CELL = 0.01 * 0.01;

let city: City;
let scratch: string;

beforeAll(() => {
  city = loadCity({ geojson: FIXTURE });
  scratch = mkdtempSync(join(tmpdir(), 'onescreen-geo-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a city that brings its own grid GeoJSON', () => {
  it('reads names, codes and the hierarchy from the properties', () => {
    expect(city.kind).toBe('polygons');
    expect(city.name).toBe('示例市');
    expect(city.code).toBe('990000');
    expect(city.gridCount).toBe(7);
    expect(city.childrenOf('city')).toEqual(['990101', '990102']);
    expect(city.childrenOf('990101')).toEqual(['990101001', '990101002']);
    expect(city.childrenOf('990102001')).toEqual(['990102001001']);
    expect(city.childrenOf('990102001001')).toEqual(['990102001001001', '990102001001002']);
    expect(city.levelOf('990102001001')).toBe('community');
    expect(city.nameOf('990102')).toBe('西区');
    expect(city.nameOf('990102002')).toBe('河口镇');
    expect(city.nameOf('990101001001001')).toBe('东湖一号网格');
    expect(city.nameOf('990101002002001')).toBe('桥头村第1网格');
    expect(city.levelOf('990101002')).toBe('street');
    expect(city.levelOf('990101002002001')).toBe('grid');
    expect(city.levelOf('990101002002009')).toBeUndefined();
    expect(city.parentsOf('990102002001001')).toEqual({ community: '990102002001', street: '990102002', district: '990102' });
  });

  it('locates points with flatbush and point-in-polygon: concave shapes, holes and multi-part grids', () => {
    expect(city.locate(120.005, 30.005)).toBe('990101001001001');
    expect(city.locate(120.035, 30.015)).toBe('990102001001001');
    expect(city.locate(120.025, 30.005)).toBe('990102001001001');
    expect(city.locate(120.021, 30.011)).toBe('990102001001002');
    expect(city.locate(120.025, 30.015)).toBeUndefined();
    expect(city.locate(120.055, 30.005)).toBe('990102002001001');
    expect(city.locate(120.055, 30.02)).toBe('990102002001001');
    expect(city.locate(120.055, 30.012)).toBeUndefined();
    expect(city.locate(119.9, 30.005)).toBeUndefined();
  });

  it('agrees with the polygons on random points', () => {
    const grids = city.grids();
    if (grids.kind !== 'polygons') throw new Error('expected polygons');
    const polygonsOf = (geometry: (typeof grids.features)[number]['geometry']) =>
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    fc.assert(
      fc.property(fc.double({ min: 119.99, max: 120.07, noNaN: true }), fc.double({ min: 29.99, max: 30.03, noNaN: true }), (lng, lat) => {
        const containing = grids.features.find((f) => insideMultiPolygon(polygonsOf(f.geometry), lng, lat));
        return city.locate(lng, lat) === containing?.properties.code;
      }),
      { numRuns: 1000 },
    );
  });

  it('serves areas, grids and outlines as the union of the grids', () => {
    const areas = city.areas();
    expect(Value.Check(CityAreasSchema, areas)).toBe(true);
    expect(areas.areas.find((a) => a.code === '990102')).toMatchObject({ level: 'district', parent: 'city', gridCount: 3 });
    expect(areas.areas.find((a) => a.code === '990101001001')).toMatchObject({ level: 'community', parent: '990101001', gridCount: 2 });
    expect(Value.Check(GridFeatureCollectionSchema, city.grids())).toBe(true);
    const districts = new Map(city.districtOutlines().features.map((f) => [f.properties.code, f.geometry.coordinates]));
    expect(districts.get('990101')).toHaveLength(1);
    expect(multiPolygonArea(districts.get('990101') ?? []) / CELL).toBeCloseTo(4, 6);
    const west = districts.get('990102') ?? [];
    expect(west).toHaveLength(3);
    expect(multiPolygonArea(west) / CELL).toBeCloseTo(4 + 2 - 0.16, 6);
    const streets = city.streetOutlines().features;
    expect(streets.map((f) => [f.properties.code, f.properties.district])).toEqual([
      ['990101001', '990101'],
      ['990101002', '990101'],
      ['990102001', '990102'],
      ['990102002', '990102'],
    ]);
  });

  it('refuses bad files with a message that says what and where', () => {
    const write = (name: string, content: unknown) => {
      const file = join(scratch, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    };
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    expect(() => loadCity({ geojson: join(scratch, 'missing.geojson') })).toThrow(/cannot read the city GeoJSON/);
    expect(() => loadCity({ geojson: write('broken.geojson', '{"type":') })).toThrow(/cannot read the city GeoJSON/);
    expect(() => loadCity({ geojson: write('point.geojson', { type: 'Feature' }) })).toThrow(/expected a GeoJSON FeatureCollection/);
    const badCode = structuredClone(fixture);
    badCode.features[2].properties.code = '99010100200100';
    expect(() => loadCity({ geojson: write('code.geojson', badCode) })).toThrow(/feature 2: property "code" must be a string of 15 digits/);
    const notNested = structuredClone(fixture);
    notNested.features[0].properties.street = '990102001';
    expect(() => loadCity({ geojson: write('nest.geojson', notNested) })).toThrow(/feature 0: codes must nest/);
    const twice = structuredClone(fixture);
    twice.features[1].properties.code = twice.features[0].properties.code;
    expect(() => loadCity({ geojson: write('twice.geojson', twice) })).toThrow(/990101001001001 appears twice/);
    const renamed = structuredClone(fixture);
    renamed.features[1].properties.streetName = '别的街道';
    expect(() => loadCity({ geojson: write('renamed.geojson', renamed) })).toThrow(/street 990101001 is named both/);
    const line = structuredClone(fixture);
    line.features[3].geometry = { type: 'LineString', coordinates: [[120, 30], [120.01, 30]] };
    expect(() => loadCity({ geojson: write('line.geojson', line) })).toThrow(/feature 3: geometry must be a Polygon or a MultiPolygon/);
    expect(() => loadCity({ geojson: FIXTURE, dir: scratch })).toThrow(/either dir or geojson/);
    expect(() => loadCity({ dir: scratch })).toThrow(/cannot read the city file .*city\.json/);
  });
});
