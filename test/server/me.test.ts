import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../contract';
import { TOKENS, TestClock, demoCity, removeTempDirs, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T10:00:00+08:00'));
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: clock.now, retentionDays: 30 });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('GET /api/v1/me', () => {
  it('tells a leader its own districts only, by code and name, with today and the retained days', async () => {
    const response = await server.get('/api/v1/me', TOKENS.leader);
    expect(response.statusCode).toBe(200);
    expect(response.json<Me>()).toEqual({
      role: 'leader',
      name: 'leader 渝中区',
      city: false,
      scopes: [{ code: '500103', name: '渝中区', level: 'district' }],
      districts: [{ code: '500103', name: '渝中区' }],
      timeZone: 'Asia/Shanghai',
      today: '2026-11-28',
      retained: { first: '2026-10-30', last: '2026-11-28' },
    });
    const other = await server.get('/api/v1/me', TOKENS.leaderB);
    expect(other.json<Me>().districts).toEqual([{ code: '500105', name: '江北区' }]);
  });

  it('gives city-wide tokens every district of the city', async () => {
    const districts = demoCity().childrenOf('city');
    expect(districts.length).toBeGreaterThan(30);
    for (const [token, role] of [
      [TOKENS.admin, 'admin'],
      [TOKENS.wall, 'wall'],
    ] as const) {
      const me = (await server.get('/api/v1/me', token)).json<Me>();
      expect(me.role).toBe(role);
      expect(me.city).toBe(true);
      expect(me.districts.map((d) => d.code)).toEqual(districts);
      expect(me.districts.every((d) => d.name.length > 0 && d.name !== d.code)).toBe(true);
    }
  });

  it('follows the clock across midnight', async () => {
    clock.set('2026-11-29T00:00:01+08:00');
    const me = (await server.get('/api/v1/me', TOKENS.leader)).json<Me>();
    expect(me.today).toBe('2026-11-29');
    expect(me.retained).toEqual({ first: '2026-10-31', last: '2026-11-29' });
  });

  it('says from when the past can be read at an instant: the first event it holds, once it holds one', async () => {
    expect((await server.get('/api/v1/me', TOKENS.wall)).json<Me>()).not.toHaveProperty('firstEventAt');
    const reportedAt = '2026-11-28T15:10:00.000Z';
    await server.ingest([{ id: 'me-first-1', caseId: 'ME1', type: 'reported', at: reportedAt, category: 'E.05.02', source: 'inspector', gridCode: demoCity().childrenOf(demoCity().childrenOf(demoCity().childrenOf('500103')[0])[0])[0] }]);
    expect((await server.get('/api/v1/me', TOKENS.wall)).json<Me>().firstEventAt).toBe(reportedAt);
  });

  it('names the online basemap only when the server has a Mapbox token', async () => {
    expect((await server.get('/api/v1/me', TOKENS.wall)).json<Me>()).not.toHaveProperty('basemap');
    const online = await startServer({ now: clock.now, mapboxToken: 'pk.test-token' });
    try {
      const me = (await online.get('/api/v1/me', TOKENS.wall)).json<Me>();
      expect(me.basemap).toEqual({ style: expect.stringMatching(/^mapbox:\/\/styles\//), accessToken: 'pk.test-token' });
    } finally {
      await online.close();
    }
  });

  it('names the city’s zone (ONESCREEN_TZ), in which pages show the time', async () => {
    // 10:00 in Chongqing is 21:00 the day before in New York.
    const elsewhere = await startServer({ now: new TestClock(Date.parse('2026-11-28T10:00:00+08:00')).now, zone: 'America/New_York' });
    try {
      const me = (await elsewhere.get('/api/v1/me', TOKENS.wall)).json<Me>();
      expect(me.timeZone).toBe('America/New_York');
      expect(me.today).toBe('2026-11-27');
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a missing, unknown or ingest token with a message', async () => {
    const missing = await server.get('/api/v1/me', '');
    expect(missing.statusCode).toBe(401);
    expect(missing.json().message).toMatch(/a token is required/);
    const unknown = await server.get('/api/v1/me', 'not-a-real-token-at-all');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toBe('unknown token');
    const ingest = await server.get('/api/v1/me', TOKENS.ingest);
    expect(ingest.statusCode).toBe(403);
    expect(ingest.json().message).toMatch(/this is an ingest token/);
  });
});
