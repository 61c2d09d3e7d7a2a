import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import Fastify, { type FastifyInstance } from 'fastify';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCodesOf } from '../../contract';
import { loadCity, type City } from '../../server/geo';
import geoRoutes from '../../server/routes/geo';
import { tileOf } from './tile-address';

/** 解放碑, in the densest part of the demo city. */
const CORE = [106.5772, 29.5592] as const;

let city: City;
let app: FastifyInstance;

beforeAll(async () => {
  city = loadCity();
  app = Fastify();
  app.decorate('city', city);
  await app.register(geoRoutes);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await city.releaseTiles();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('geo routes', () => {
  it('serve the JSON payloads gzipped when accepted, with a strong ETag and a cache lifetime', async () => {
    const gzipped = await get('/api/v1/geo/grids', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^application\/json/);
    expect(gzipped.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    expect(gzipped.headers.etag).toMatch(/^"[\w-]+"$/);
    const size = Number(gzipped.headers['content-length']);
    console.log(`GET /api/v1/geo/grids: ${size} bytes gzipped`);
    expect(size).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    const grids = JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'));
    expect(grids.kind).toBe('lattice');
    expect(grids.codes).toHaveLength(64_200);

    const plain = await get('/api/v1/geo/grids');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).not.toBe(gzipped.headers.etag);
    expect(plain.json()).toEqual(grids);
    const refused = await get('/api/v1/geo/grids', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answer If-None-Match with 304 and no body', async () => {
    for (const path of ['areas', 'grids', 'grid-index', 'districts', 'streets']) {
      const first = await get(`/api/v1/geo/${path}`, { 'accept-encoding': 'gzip' });
      expect(first.statusCode, path).toBe(200);
      const again = await get(`/api/v1/geo/${path}`, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
      expect(again.statusCode, path).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(first.headers.etag);
      const other = await get(`/api/v1/geo/${path}`, { 'if-none-match': '"something-else"' });
      expect(other.statusCode).toBe(200);
    }
  });

  it('serve areas and outlines as the contract and GeoJSON say', async () => {
    const areas = (await get('/api/v1/geo/areas')).json();
    expect(areas.gridCount).toBe(64_200);
    expect(areas.areas.find((a: { code: string }) => a.code === '500103')).toMatchObject({ name: '渝中区', level: 'district', parent: 'city' });
    const districts = (await get('/api/v1/geo/districts')).json();
    expect(districts.type).toBe('FeatureCollection');
    expect(districts.features).toHaveLength(38);
    expect(districts.features[0].properties).toEqual({ code: '500101', name: '万州区' });
    const streets = (await get('/api/v1/geo/streets')).json();
    expect(streets.features[0].properties).toMatchObject({ district: streets.features[0].properties.code.slice(0, 6) });
  });

  it('serve the grid codes in index order, grouped by community', async () => {
    const response = await get('/api/v1/geo/grid-index', { 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    const index = JSON.parse(gunzipSync(response.rawPayload).toString());
    expect(index.count).toBe(64_200);
    const codes = gridCodesOf(index);
    expect(codes).toHaveLength(64_200);
    expect(codes.every((code, i) => city.gridIndex(code) === i)).toBe(true);
  });

  it('serve vector tiles with grids (id = grid index, no properties), communities, streets and districts layers (id = code)', async () => {
    const { z, x, y } = tileOf(CORE[0], CORE[1], 14);
    const response = await get(`/api/v1/geo/tiles/${z}/${x}/${y}.pbf`, { 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-protobuf');
    expect(response.headers['content-encoding']).toBe('gzip');
    const tile = new VectorTile(new Pbf(gunzipSync(response.rawPayload)));
    expect(Object.keys(tile.layers).sort()).toEqual(['communities', 'districts', 'grids', 'streets']);
    const communities = tile.layers.communities;
    const community = communities.feature(0).properties;
    expect(city.levelOf(String(community.code))).toBe('community');
    expect(community).toMatchObject({ district: String(community.code).slice(0, 6), street: String(community.code).slice(0, 9) });
    // The wall keys each area's live colour by its feature id: its code as a number.
    for (const name of ['communities', 'streets', 'districts']) {
      const layer = tile.layers[name];
      const areas = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
      expect(areas.length, name).toBeGreaterThan(0);
      expect(areas.every((f) => f.id === Number(f.properties.code)), `${name}: id = code`).toBe(true);
    }
    const grids = tile.layers.grids;
    const features = Array.from({ length: grids.length }, (_, i) => grids.feature(i));
    expect(features.every((f) => Object.keys(f.properties).length === 0 && city.gridCodeAt(Number(f.id)) !== undefined)).toBe(true);
    const core = city.locate(CORE[0], CORE[1]) ?? '';
    const feature = features.find((f) => f.id === city.gridIndex(core));
    if (!feature) throw new Error(`no feature for ${core} in the tile`);
    expect(feature.type).toBe(3);
    const points = feature.loadGeometry().flat();
    const lng = (px: number) => ((x + px / grids.extent) / 2 ** z) * 360 - 180;
    const lat = (py: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + py / grids.extent)) / 2 ** z))) * 180) / Math.PI;
    const [w, s, e, n] = [lng(Math.min(...points.map((p) => p.x))), lat(Math.max(...points.map((p) => p.y))), lng(Math.max(...points.map((p) => p.x))), lat(Math.min(...points.map((p) => p.y)))];
    const cell = city.gridPolygons(core)?.[0][0] ?? [];
    expect(w).toBeCloseTo(Math.min(...cell.map((p) => p[0])), 4);
    expect(e).toBeCloseTo(Math.max(...cell.map((p) => p[0])), 4);
    expect(s).toBeCloseTo(Math.min(...cell.map((p) => p[1])), 4);
    expect(n).toBeCloseTo(Math.max(...cell.map((p) => p[1])), 4);
    const again = await get(`/api/v1/geo/tiles/${z}/${x}/${y}.pbf`, { 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('start the tile worker again after it was released', async () => {
    await city.releaseTiles();
    const { z, x, y } = tileOf(CORE[0], CORE[1], 13);
    const response = await get(`/api/v1/geo/tiles/${z}/${x}/${y}.pbf`);
    expect(response.statusCode).toBe(200);
    const tile = new VectorTile(new Pbf(response.rawPayload));
    expect(tile.layers.grids.length).toBeGreaterThan(0);
  });

  it('answer an empty tile with 204', async () => {
    const response = await get('/api/v1/geo/tiles/10/0/0.pbf');
    expect(response.statusCode).toBe(204);
    expect(response.rawPayload.length).toBe(0);
  });

  it('refuse bad tile addresses with 400 and a clear message', async () => {
    const cases: Array<[string, RegExp]> = [
      ['a/1/1.pbf', /z must be a whole number/],
      ['16/0/0.pbf', /z must be between 0 and 15/],
      ['3/8/0.pbf', /x must be between 0 and 7, got 8 at zoom 3/],
      ['3/1/9.pbf', /y must be between 0 and 7/],
      ['3/1/-1.pbf', /y must be a whole number/],
      ['3/1/1.png', /ends in <y>\.pbf/],
      ['3/1.5/1.pbf', /x must be a whole number/],
    ];
    for (const [address, message] of cases) {
      const response = await get(`/api/v1/geo/tiles/${address}`);
      expect(response.statusCode, address).toBe(400);
      expect(response.json().message, address).toMatch(message);
    }
  });
});
