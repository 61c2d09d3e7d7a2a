import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app';
import { loadCity } from '../../server/geo';
import { tileOf } from './tile-address';

const TOKENS = {
  wall: 'geo-test-wall-token-000000001',
  leader: 'geo-test-leader-token-0000001',
  ingest: 'geo-test-ingest-token-0000001',
} as const;

let app: App;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onescreen-geo-app-'));
  app = await buildApp({
    dataDir,
    city: loadCity(),
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
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('geo routes in the real app', () => {
  it('are readable with any read token, not without one nor with an ingest token', async () => {
    expect((await get('/api/v1/geo/areas')).statusCode).toBe(401);
    expect((await get('/api/v1/geo/areas', bearer(TOKENS.ingest))).statusCode).toBe(403);
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
