import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, CasePoints } from '../../contract';
import { TOKENS, TestClock, demoCity, removeTempDirs, sampleGrids, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T15:00:00+08:00'));
const grids = sampleGrids();
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: clock.now });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

interface Report {
  caseId: string;
  grid: string;
  at: string;
  point?: [number, number];
}

const REPORTS: Report[] = [
  { caseId: 'P-A1-EARLY', grid: grids.a1, at: '2026-11-28T00:00:00+08:00', point: [106.571, 29.557] },
  { caseId: 'P-A2', grid: grids.a2, at: '2026-11-28T09:30:00+08:00' },
  { caseId: 'P-B1', grid: grids.b1, at: '2026-11-28T11:00:00+08:00', point: [106.572, 29.558] },
  { caseId: 'P-OTHER', grid: grids.other, at: '2026-11-28T12:00:00+08:00' },
  { caseId: 'P-A1-LATE', grid: grids.a1, at: '2026-11-28T14:59:00+08:00' },
  { caseId: 'P-YESTERDAY', grid: grids.a1, at: '2026-11-27T23:59:59+08:00' },
];

const reportedEvent = (r: Report): CaseEvent => ({
  id: `${r.caseId}-r`,
  caseId: r.caseId,
  type: 'reported',
  at: r.at,
  category: 'E.05.02',
  source: 'inspector',
  gridCode: r.grid,
  ...(r.point ? { lng: r.point[0], lat: r.point[1] } : {}),
});

/** What the heat map should get, worked out from the reports alone: newest first, the grid's centre when no point was sent. */
function expected(inScope: (r: Report) => boolean, day: string): CasePoints['points'] {
  const city = demoCity();
  return REPORTS.filter((r) => inScope(r) && r.at.startsWith(day))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .map((r) => [r.caseId, ...(r.point ?? (city.centerOf(r.grid) as [number, number]))]);
}

async function points(query: string, token: string = TOKENS.wall): Promise<CasePoints> {
  const response = await server.get(`/api/v1/case-points?${query}`, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('GET /api/v1/case-points', () => {
  beforeAll(async () => {
    const sent = await server.post(REPORTS.map(reportedEvent));
    expect(sent.json()).toMatchObject({ accepted: REPORTS.length, rejected: [] });
    // A case whose report has not arrived is not on any map yet.
    const held = await server.post([{ id: 'P-HELD-g', caseId: 'P-HELD', type: 'registered', at: '2026-11-28T10:00:00+08:00' }]);
    expect(held.json()).toMatchObject({ accepted: 1 });
  });

  it("lists where today's cases of a scope were reported, newest first, the grid's centre when no point was sent", async () => {
    const inDistrict = (r: Report) => r.grid !== grids.other;
    expect(await points('scope=city')).toEqual({ scope: 'city', date: '2026-11-28', points: expected(() => true, '2026-11-28') });
    expect((await points('scope=500103', TOKENS.leader)).points).toEqual(expected(inDistrict, '2026-11-28'));
    expect((await points(`scope=${grids.streetA}`)).points).toEqual(expected((r) => r.grid === grids.a1 || r.grid === grids.a2, '2026-11-28'));
    expect((await points(`scope=${grids.a1}`)).points).toEqual(expected((r) => r.grid === grids.a1, '2026-11-28'));
    expect((await points('scope=city&date=2026-11-27')).points).toEqual(expected(() => true, '2026-11-27'));
  });

  it('keeps the newest `limit` points', async () => {
    expect((await points('scope=city&limit=2')).points.map((p) => p[0])).toEqual(['P-A1-LATE', 'P-OTHER']);
  });

  it('refuses what other read routes refuse, saying why', async () => {
    const city = await server.get('/api/v1/case-points?scope=city', TOKENS.leader);
    expect(city.statusCode).toBe(403);
    expect(city.json().message).toBe('token for 渝中区 cannot read the whole city (重庆市)');
    const limit = await server.get('/api/v1/case-points?scope=city&limit=0');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().message).toBe('query parameter `limit` must be >= 1');
    const date = await server.get('/api/v1/case-points?scope=city&date=2026-13-01');
    expect(date.statusCode).toBe(400);
    expect(date.json().message).toMatch(/not a calendar date/);
    const future = await server.get('/api/v1/case-points?scope=city&date=2026-11-29');
    expect(future.statusCode).toBe(404);
    const unknown = await server.get('/api/v1/case-points?scope=500103999');
    expect(unknown.statusCode).toBe(404);
  });
});
