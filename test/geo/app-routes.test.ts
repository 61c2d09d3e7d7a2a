import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridCodesOf, type CommunityGrids } from '../../contract';
import { buildApp, type App } from '../../server/app';
import { loadCity } from '../../server/geo';
import { insideMultiPolygon, insidePolygon, type Position } from './ring-geometry';
import { tileOf } from './tile-address';

const TOKENS = {
  wall: 'geo-test-wall-token-000000001',
  leader: 'geo-test-leader-token-0000001',
  ingest: 'geo-test-ingest-token-0000001',
} as const;

let app: App;
let dataDir: string;
const city = loadCity();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onescreen-geo-app-'));
  app = await buildApp({
    dataDir,
    city,
    logLevel: 'silent',
    tokens: [
      { token: TOKENS.wall, role: 'wall' },
      { token: TOKENS.leader, role: 'leader', districts: ['500103'] },
      { token: TOKENS.ingest, role: 'ingest' },
    ],
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await city.releaseTiles();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('geo routes in the real app', () => {
  it('are readable with any token, an ingest one included (a field system places its reports on them), not without one', async () => {
    expect((await get('/api/v1/geo/areas')).statusCode).toBe(401);
    expect((await get('/api/v1/geo/areas', bearer(TOKENS.ingest))).statusCode).toBe(200);
    expect((await get('/api/v1/geo/areas', bearer(TOKENS.wall))).statusCode).toBe(200);
    const leader = await get('/api/v1/geo/districts', bearer(TOKENS.leader));
    expect(leader.statusCode).toBe(200);
    expect(leader.json().features).toHaveLength(38);
  });

  it('send the precomputed gzip once (not compressed again) and answer 304 to a known ETag', async () => {
    const response = await get('/api/v1/geo/grids', { ...bearer(TOKENS.wall), 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const grids = JSON.parse(gunzipSync(response.rawPayload).toString('utf8'));
    expect(grids.codes).toHaveLength(64_200);
    console.log(`GET /api/v1/geo/grids through the app: ${response.rawPayload.length} bytes gzipped`);
    const again = await get('/api/v1/geo/grids', { ...bearer(TOKENS.wall), 'accept-encoding': 'gzip', 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
    const plain = await get('/api/v1/geo/areas', bearer(TOKENS.wall));
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().gridCount).toBe(64_200);
  });

  it('serve tiles to a page that carries its token in the query, and refuse bad addresses', async () => {
    const { z, x, y } = tileOf(106.5772, 29.5592, 12);
    const tile = await get(`/api/v1/geo/tiles/${z}/${x}/${y}.pbf?token=${TOKENS.wall}`);
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('application/x-protobuf');
    expect(tile.rawPayload.length).toBeGreaterThan(0);
    const bad = await get(`/api/v1/geo/tiles/99/0/0.pbf?token=${TOKENS.wall}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/z must be between 0 and 15/);
  });
});

describe('a community’s grids, as its wall labels them', () => {
  /** 东方社区 of 巴川街道: the demo lattice names its grids after it and numbers them. */
  const COMMUNITY = '500151001001';

  it('lists each grid of the community in code order with its name and a label point inside it, for any token', async () => {
    const response = await get(`/api/v1/geo/community-grids?community=${COMMUNITY}`, bearer(TOKENS.ingest));
    expect(response.statusCode).toBe(200);
    const body = response.json<CommunityGrids>();
    const index = (await get('/api/v1/geo/grid-index', bearer(TOKENS.wall))).json();
    const codes = gridCodesOf(index).filter((code) => code.startsWith(COMMUNITY));
    expect(body.community).toBe(COMMUNITY);
    expect(body.grids.map((grid) => grid.code)).toEqual(codes);
    expect(body.grids.map((grid) => grid.name)).toEqual(codes.map((code) => `东方社区第${Number(code.slice(12))}网格`));
    // A lattice cell: its centre, to the rounding of a label point.
    const lattice = (await get('/api/v1/geo/grids', bearer(TOKENS.wall))).json();
    for (const grid of body.grids) {
      const cell = lattice.cells[lattice.codes.indexOf(grid.code)];
      const [col, row] = [cell % lattice.cols, Math.floor(cell / lattice.cols)];
      expect(grid.center[0]).toBeCloseTo(lattice.west + (col + 0.5) * lattice.dLng, 5);
      expect(grid.center[1]).toBeCloseTo(lattice.south + (row + 0.5) * lattice.dLat, 5);
    }
    const again = await get(`/api/v1/geo/community-grids?community=${COMMUNITY}`, { ...bearer(TOKENS.wall), 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('refuses a code that is no community of the city (404) and one that is no community code at all (400), saying which', async () => {
    const unknown = await get('/api/v1/geo/community-grids?community=500151001999', bearer(TOKENS.wall));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('unknown community "500151001999"');
    for (const query of ['community=500151001', 'community=500151001001001', 'community=', '']) {
      const bad = await get(`/api/v1/geo/community-grids?${query}`, bearer(TOKENS.wall));
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().message, query).toMatch(/^query parameter `community` /);
    }
    expect((await get(`/api/v1/geo/community-grids?community=${COMMUNITY}`)).statusCode).toBe(401);
  });
});

describe('a city of its own grid GeoJSON, through the real app', () => {
  let own: App;
  let ownDir: string;
  const now = Date.parse('2026-11-28T10:00:00+08:00');

  beforeAll(async () => {
    ownDir = mkdtempSync(join(tmpdir(), 'onescreen-geo-own-'));
    own = await buildApp({
      dataDir: ownDir,
      cityGeojson: join(import.meta.dirname, 'fixtures', 'small-city.geojson'),
      logLevel: 'silent',
      now: () => now,
      tokens: [
        { token: TOKENS.wall, role: 'wall' },
        { token: TOKENS.ingest, role: 'ingest' },
      ],
    });
    await own.ready();
    await own.replayed;
  });
  afterAll(async () => {
    await own.close();
    rmSync(ownDir, { recursive: true, force: true });
  });

  it('serves its polygons, locates reported points in them and sums them up its own hierarchy', async () => {
    const ownGrids = await own.inject({ method: 'GET', url: '/api/v1/geo/grids', headers: bearer(TOKENS.wall) });
    expect(ownGrids.json()).toMatchObject({ type: 'FeatureCollection', kind: 'polygons' });
    expect(ownGrids.json().features).toHaveLength(7);
    const reported = (id: string, lng: number, lat: number) => ({
      id,
      caseId: `C-${id}`,
      type: 'reported',
      at: '2026-11-28T09:30:00+08:00',
      category: 'E.05.02',
      source: 'inspector',
      lng,
      lat,
    });
    const ingest = await own.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer(TOKENS.ingest),
      payload: [reported('e1', 120.035, 30.015), reported('e2', 120.055, 30.02), reported('e3', 120.005, 30.005)],
    });
    expect(ingest.statusCode).toBe(200);
    expect(ingest.json()).toMatchObject({ accepted: 3, rejected: [] });
    const summary = async (scope: string) =>
      (await own.inject({ method: 'GET', url: `/api/v1/summary?scope=${scope}&date=2026-11-28`, headers: bearer(TOKENS.wall) })).json();
    await expect.poll(async () => (await summary('city')).reported).toBe(3);
    expect(await summary('990102')).toMatchObject({ name: '西区', reported: 2 });
    expect((await summary('990102')).children.map((c: { code: string; reported: number }) => [c.code, c.reported])).toEqual([
      ['990102001', 1],
      ['990102002', 1],
    ]);
    expect(await summary('990101001001001')).toMatchObject({ name: '东湖一号网格', reported: 1 });
  });

  it('labels each grid of a community inside its own polygon, by its own name or else after its community', async () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'small-city.geojson'), 'utf8')) as {
      features: { properties: { code: string }; geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } }[];
    };
    const inside = (code: string, [lng, lat]: readonly number[]): boolean => {
      const geometry = fixture.features.find((feature) => feature.properties.code === code)?.geometry;
      if (!geometry) return false;
      return geometry.type === 'Polygon' ? insidePolygon(geometry.coordinates, lng, lat) : insideMultiPolygon(geometry.coordinates, lng, lat);
    };
    const grids = async (community: string) =>
      (await own.inject({ method: 'GET', url: `/api/v1/geo/community-grids?community=${community}`, headers: bearer(TOKENS.wall) })).json<CommunityGrids>();
    const east = await grids('990101001001');
    expect(east.grids.map(({ code, name }) => [code, name])).toEqual([
      ['990101001001001', '东湖一号网格'],
      ['990101001001002', '东湖社区第2网格'],
    ]);
    const river = await grids('990102002001');
    expect(river.grids.map((grid) => grid.code)).toEqual(['990102002001001']);
    for (const grid of [...east.grids, ...river.grids]) expect(inside(grid.code, grid.center), `${grid.code} at ${grid.center.join(',')}`).toBe(true);
  });
});
