import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import Pbf from 'pbf';
import { afterAll, describe, expect, it } from 'vitest';
import { gridCodesOf, gridIndexOf } from '../../contract';
import { loadCity } from '../../server/geo';
import { tileOf } from './tile-address';

const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const polygonCity = loadCity({ geojson: join(import.meta.dirname, 'fixtures', 'small-city.geojson') });
afterAll(() => polygonCity.releaseTiles());

describe('the grid index', () => {
  it('gives back every sorted code in its place', () => {
    // A few communities, so that codes share them as a city's do.
    const code = fc.tuple(fc.constantFrom('500103001001', '500103001002', '500112015005', '990101002002'), digits(3)).map(([community, sequence]) => community + sequence);
    const sortedCodes = fc.uniqueArray(code, { maxLength: 60 }).map((codes) => codes.sort());
    fc.assert(
      fc.property(sortedCodes, (codes) => {
        const index = gridIndexOf(codes);
        expect(index.count).toBe(codes.length);
        expect(gridCodesOf(index)).toEqual(codes);
        expect(new Set(index.communities.map(([community]) => community)).size).toBe(index.communities.length);
      }),
    );
  });

  it("is what a polygon city's tiles identify their grids by", async () => {
    const codes = gridCodesOf(JSON.parse(polygonCity.asset('grid-index').body.toString()));
    expect(codes).toHaveLength(polygonCity.gridCount);
    const [west, south, east, north] = polygonCity.areas().bbox;
    const { z, x, y } = tileOf((west + east) / 2, (south + north) / 2, 8);
    const tile = await polygonCity.tile(z, x, y);
    if (!tile) throw new Error('the city centre has no tile');
    const grids = new VectorTile(new Pbf(gunzipSync(tile.gzip))).layers.grids;
    const found = Array.from({ length: grids.length }, (_, i) => grids.feature(i));
    expect(found.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(codes.map((_, i) => i));
    // Each feature lies where the grid of its code lies: the grid's label point is inside its rings (even-odd).
    const toTile = ([lng, lat]: readonly [number, number]) => [
      (((lng + 180) / 360) * 2 ** z - x) * grids.extent,
      (((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z - y) * grids.extent,
    ];
    for (const feature of found) {
      const code = codes[Number(feature.id)];
      const [px, py] = toTile(polygonCity.centerOf(code) ?? [0, 0]);
      let inside = false;
      for (const ring of feature.loadGeometry()) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [a, b] = [ring[i], ring[j]];
          if (a.y > py !== b.y > py && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) inside = !inside;
        }
      }
      expect(inside, `grid ${code} (feature ${feature.id})`).toBe(true);
    }
  });
});
