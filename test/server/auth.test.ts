import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, TestClock, removeTempDirs, sampleGrids, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T10:00:00+08:00'));
const grids = sampleGrids();
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: clock.now });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const READ_ROUTES = [
  '/api/v1/summary?scope=city',
  '/api/v1/grids?scope=500103',
  '/api/v1/cases?scope=city&status=open',
  '/api/v1/case-points?scope=city',
  '/api/v1/departments?scope=city',
  '/api/v1/topic?scope=city&family=E.06',
  '/api/v1/wall-layout?scope=city',
];

/** The city's reference data, which holds no case: every role reads it. */
const REFERENCE_ROUTES = ['/api/v1/categories', '/api/v1/geo/areas', '/api/v1/geo/grids', '/api/v1/geo/grid-index', '/api/v1/geo/districts', '/api/v1/geo/streets', '/api/v1/geo/tiles/8/207/107.pbf'];

describe('tokens and roles on every route', () => {
  it('answers 401 with WWW-Authenticate without a token or with an unknown one', async () => {
    for (const url of [...READ_ROUTES, ...REFERENCE_ROUTES, '/metrics']) {
      const missing = await server.get(url, '');
      expect(missing.statusCode, url).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="OneScreen"');
      expect(missing.json().message).toMatch(/a token is required/);
      const unknown = await server.get(url, 'not-a-real-token-at-all');
      expect(unknown.statusCode, url).toBe(401);
      expect(unknown.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      expect(unknown.json().message).toBe('unknown token');
    }
    const post = await server.request({ method: 'POST', url: '/api/v1/events', payload: [] });
    expect(post.statusCode).toBe(401);
  });

  it('lets readers read and refuses them writes, and the other way round', async () => {
    for (const token of [TOKENS.wall, TOKENS.admin, TOKENS.leader]) {
      for (const url of READ_ROUTES.filter((u) => !u.includes('scope=city'))) {
        expect((await server.get(url, token)).statusCode, `${url} ${token}`).toBe(200);
      }
    }
    for (const url of READ_ROUTES) {
      const response = await server.get(url, TOKENS.ingest);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().message).toBe('this route needs a wall or a leader or a commander or an admin token; this is an ingest token');
    }
    for (const token of [TOKENS.wall, TOKENS.leader]) {
      const response = await server.post([], token);
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toMatch(/^this route needs an ingest or an admin token; this is a (wall|leader) token$/);
    }
    expect((await server.post([], TOKENS.admin)).statusCode).toBe(200);
    expect((await server.post([], TOKENS.ingest)).statusCode).toBe(200);
  });

  it('lets every token read the reference data a field system writes against: geography and categories', async () => {
    for (const token of [TOKENS.ingest, TOKENS.wall, TOKENS.leader, TOKENS.admin]) {
      for (const url of REFERENCE_ROUTES) expect((await server.get(url, token)).statusCode, `${url} ${token}`).toBeLessThan(300);
    }
  });

  it('opens /metrics to admin and wall tokens only', async () => {
    expect((await server.get('/metrics', TOKENS.admin)).statusCode).toBe(200);
    expect((await server.get('/metrics', TOKENS.wall)).statusCode).toBe(200);
    expect((await server.get('/metrics', TOKENS.leader)).statusCode).toBe(403);
    expect((await server.get('/metrics', TOKENS.ingest)).statusCode).toBe(403);
  });

  it('takes the token from ?token= too, and the Bearer scheme in any case', async () => {
    const query = await server.request({ method: 'GET', url: `/api/v1/summary?scope=city&token=${TOKENS.wall}` });
    expect(query.statusCode).toBe(200);
    const lower = await server.request({ method: 'GET', url: '/api/v1/categories', headers: { authorization: `bearer ${TOKENS.wall}` } });
    expect(lower.statusCode).toBe(200);
    const basic = await server.request({ method: 'GET', url: '/api/v1/categories', headers: { authorization: `Basic ${TOKENS.wall}` } });
    expect(basic.statusCode).toBe(401);
  });

  it('serves the public routes without a token', async () => {
    for (const url of ['/healthz', '/readyz', '/api/v1/openapi.json']) {
      expect((await server.get(url, '')).statusCode, url).toBe(200);
    }
  });
});

describe('scopes', () => {
  it('lets a leader read their district and everything inside it', async () => {
    for (const scope of ['500103', grids.streetA, grids.a1]) {
      const response = await server.get(`/api/v1/summary?scope=${scope}`, TOKENS.leader);
      expect(response.statusCode, scope).toBe(200);
      expect((await server.get(`/api/v1/grids?scope=${scope}`, TOKENS.leader)).statusCode).toBe(200);
      expect((await server.get(`/api/v1/cases?scope=${scope}&status=overdue`, TOKENS.leader)).statusCode).toBe(200);
    }
  });

  it("refuses a leader another district, its streets and grids, and the whole city, naming both", async () => {
    const other = await server.get('/api/v1/summary?scope=500105', TOKENS.leader);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toBe('token for 渝中区 cannot read 江北区 (500105)');
    const grid = await server.get(`/api/v1/grids?scope=${grids.other}`, TOKENS.leader);
    expect(grid.statusCode).toBe(403);
    expect(grid.json().message).toMatch(new RegExp(`^token for 渝中区 cannot read .*\\(${grids.other}\\)$`));
    const city = await server.get('/api/v1/cases?scope=city', TOKENS.leader);
    expect(city.statusCode).toBe(403);
    expect(city.json().message).toBe('token for 渝中区 cannot read the whole city (重庆市)');
    const mine = await server.get('/api/v1/summary?scope=500105', TOKENS.leaderB);
    expect(mine.statusCode).toBe(200);
  });

  it('answers 404 for a scope the city does not have, whoever asks', async () => {
    for (const token of [TOKENS.wall, TOKENS.leader, TOKENS.admin]) {
      const response = await server.get('/api/v1/summary?scope=500103999', token);
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toBe('unknown scope "500103999"');
    }
  });

  it('answers 400 for bad query values and 404 for days outside retention', async () => {
    const limit = await server.get('/api/v1/cases?scope=city&limit=501');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().message).toBe('query parameter `limit` must be <= 500');
    const date = await server.get('/api/v1/summary?scope=city&date=28/11/2026');
    expect(date.statusCode).toBe(400);
    expect(date.json().message).toMatch(/date "28\/11\/2026" is not a calendar date/);
    const old = await server.get('/api/v1/summary?scope=city&date=2020-01-01');
    expect(old.statusCode).toBe(404);
    expect(old.json().message).toMatch(/outside the retained days/);
  });
});

describe('unknown routes', () => {
  it('answers 404 naming the route', async () => {
    const response = await server.get('/api/v1/nothing', TOKENS.wall);
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('no route GET /api/v1/nothing');
  });
});
