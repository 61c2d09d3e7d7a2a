import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, type Me, type Snapshot } from '../../contract';
import type { TokenEntry } from '../../server/auth/token-entry';
import { TOKEN_ENTRIES, TestClock, demoCity, gridsOf, removeTempDirs, startServer, type TestServer } from './lib/harness';

/** 渝中区 and two of its streets; 七星岗街道's first two communities; 铜梁区 and two of its streets. */
const DISTRICT = '500103';
const STREET = '500103001';
const SIBLING_STREET = '500103003';
const [COMMUNITY, SIBLING_COMMUNITY] = demoCity().childrenOf(STREET);
const TONGLIANG = '500151';
const [BACHUAN, DONGCHENG, NANCHENG] = demoCity().childrenOf(TONGLIANG);

const STREET_TOKEN = 'test-leader-qixinggang-000001';
const COMMUNITY_TOKEN = 'test-leader-community-0000001';
const TWO_STREETS_TOKEN = 'test-leader-tongliang-2streets';
const ENTRIES: TokenEntry[] = [
  ...TOKEN_ENTRIES,
  { token: STREET_TOKEN, role: 'leader', scopes: [STREET], name: '七星岗街道' },
  { token: COMMUNITY_TOKEN, role: 'leader', scopes: [COMMUNITY], name: 'community' },
  { token: TWO_STREETS_TOKEN, role: 'leader', scopes: [BACHUAN, DONGCHENG], name: '铜梁 two streets' },
];

const clock = new TestClock(Date.parse('2026-11-28T10:00:00+08:00'));
let server: TestServer;
const caseIn = (scope: string) => `C-${scope}`;

/** The routes that read a scope. */
const scopedUrls = (scope: string) => [
  `/api/v1/summary?scope=${scope}`,
  `/api/v1/grids?scope=${scope}`,
  `/api/v1/cases?scope=${scope}&status=open`,
  `/api/v1/case-points?scope=${scope}`,
  `/api/v1/departments?scope=${scope}`,
];

beforeAll(async () => {
  server = await startServer({ now: clock.now, tokens: ENTRIES });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const at = new Date(clock.ms - 60_000).toISOString();
  // A case in the first grid of each of these scopes.
  const scopes = [SIBLING_STREET, COMMUNITY, SIBLING_COMMUNITY, '500105'];
  await server.ingest(
    scopes.map((scope) => ({
      id: `e-${scope}`,
      caseId: caseIn(scope),
      type: 'reported',
      at,
      category: 'E.05.02',
      source: 'inspector',
      gridCode: gridsOf(scope)[0],
    })),
  );
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('tokens scoped to any area', () => {
  it('let a street token read its street, its communities and grids, on every scoped route', async () => {
    for (const scope of [STREET, COMMUNITY, SIBLING_COMMUNITY, gridsOf(SIBLING_COMMUNITY)[0]]) {
      for (const url of scopedUrls(scope)) expect((await server.get(url, STREET_TOKEN)).statusCode, url).toBe(200);
    }
  });

  it('refuse a street token its sibling street, its district and the city, saying what it may read', async () => {
    const refusals: Record<string, string> = {
      [SIBLING_STREET]: `token for 七星岗街道 cannot read 解放碑街道 (${SIBLING_STREET})`,
      [DISTRICT]: `token for 七星岗街道 cannot read 渝中区 (${DISTRICT})`,
      city: 'token for 七星岗街道 cannot read the whole city (重庆市)',
    };
    for (const [scope, message] of Object.entries(refusals)) {
      for (const url of scopedUrls(scope)) {
        const reply = await server.get(url, STREET_TOKEN);
        expect(reply.statusCode, url).toBe(403);
        if (!url.startsWith('/api/v1/cases/')) expect(reply.json().message, url).toBe(message);
      }
    }
  });

  it('look a case up by the same rule, through its grid', async () => {
    const readable = (token: string, scope: string) => server.get(`/api/v1/cases/${caseIn(scope)}`, token).then((r) => r.statusCode);
    expect(await readable(STREET_TOKEN, COMMUNITY)).toBe(200);
    expect(await readable(STREET_TOKEN, SIBLING_COMMUNITY)).toBe(200);
    expect(await readable(COMMUNITY_TOKEN, COMMUNITY)).toBe(200);
    expect(await readable(COMMUNITY_TOKEN, SIBLING_COMMUNITY)).toBe(403);
    expect(await readable(STREET_TOKEN, '500105')).toBe(403);
    const reply = await server.get(`/api/v1/cases/${caseIn(SIBLING_STREET)}`, STREET_TOKEN);
    expect(reply.statusCode).toBe(403);
    expect(reply.json().message).toBe(`token for 七星岗街道 cannot read ${demoCity().nameOf(gridsOf(SIBLING_STREET)[0])} (${gridsOf(SIBLING_STREET)[0]})`);
  });

  it('keep a community token to its community: not its sibling, street, district or city', async () => {
    for (const url of scopedUrls(COMMUNITY)) expect((await server.get(url, COMMUNITY_TOKEN)).statusCode, url).toBe(200);
    for (const scope of [SIBLING_COMMUNITY, STREET, DISTRICT, 'city']) {
      for (const url of scopedUrls(scope)) expect((await server.get(url, COMMUNITY_TOKEN)).statusCode, url).toBe(403);
    }
  });

  it('let a token of several streets read each of them and nothing beside them', async () => {
    for (const scope of [BACHUAN, DONGCHENG]) {
      for (const url of scopedUrls(scope)) expect((await server.get(url, TWO_STREETS_TOKEN)).statusCode, url).toBe(200);
    }
    const reply = await server.get(`/api/v1/summary?scope=${TONGLIANG}`, TWO_STREETS_TOKEN);
    expect(reply.statusCode).toBe(403);
    expect(reply.json().message).toBe(`token for 巴川街道、东城街道 cannot read 铜梁区 (${TONGLIANG})`);
    expect((await server.get(`/api/v1/summary?scope=${NANCHENG}`, TWO_STREETS_TOKEN)).statusCode).toBe(403);
  });

  it('name the scopes with their levels in /api/v1/me', async () => {
    const me = (await server.get('/api/v1/me', TWO_STREETS_TOKEN)).json<Me>();
    expect(me.scopes).toEqual([
      { code: BACHUAN, name: '巴川街道', level: 'street' },
      { code: DONGCHENG, name: '东城街道', level: 'street' },
    ]);
    expect(me.city).toBe(false);
    const community = (await server.get('/api/v1/me', COMMUNITY_TOKEN)).json<Me>();
    expect(community.scopes).toEqual([{ code: COMMUNITY, name: demoCity().nameOf(COMMUNITY), level: 'community' }]);
    const wall = (await server.get('/api/v1/me')).json<Me>();
    expect(wall.scopes).toEqual([{ code: 'city', name: '重庆市', level: 'city' }]);
  });

  it('apply the same rule to the live namespace', async () => {
    const url = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
    const join = async (scope: string) => {
      const socket = io(`${url}${LIVE_NAMESPACE}`, { auth: { token: STREET_TOKEN, scope }, transports: ['websocket'], reconnection: false, forceNew: true });
      try {
        return await new Promise<string>((resolve) => {
          socket.on('snapshot', (snapshot: Snapshot) => resolve(snapshot.scope));
          socket.on('connect_error', (error) => resolve(error.message));
        });
      } finally {
        socket.close();
      }
    };
    expect(await join(STREET)).toBe(STREET);
    expect(await join(COMMUNITY)).toBe(COMMUNITY);
    expect(await join(SIBLING_STREET)).toBe(`token for 七星岗街道 cannot read 解放碑街道 (${SIBLING_STREET})`);
    expect(await join(DISTRICT)).toBe(`token for 七星岗街道 cannot read 渝中区 (${DISTRICT})`);
    expect(await join('city')).toBe('token for 七星岗街道 cannot read the whole city (重庆市)');
  });
});

describe('a tokens file with scopes', () => {
  it('refuses unknown areas and scopes on roles that read the whole city, naming the entry', async () => {
    const bad: TokenEntry[] = [
      { token: 'x'.repeat(20), role: 'leader', scopes: ['500103999'], name: 'nowhere' },
      { token: 'y'.repeat(20), role: 'wall', scopes: [STREET] },
      { token: 'z'.repeat(20), role: 'leader', scopes: [] },
      { token: 'w'.repeat(20), role: 'leader', scopes: ['5001'] },
    ];
    await expect(startServer({ tokens: bad })).rejects.toThrow(
      /entry 0 \(nowhere\): unknown area 500103999; entry 1: only a leader or commander token is limited to "scopes"; a wall token reads the whole city or nothing; entry 2: a leader token needs "scopes"/,
    );
    await expect(startServer({ tokens: [bad[3]] })).rejects.toThrow(/entry 0: `scopes\/0`: /);
  });
});
