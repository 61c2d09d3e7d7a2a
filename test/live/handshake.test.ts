import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../../contract';
import {
  DISTRICT_A,
  DISTRICT_B,
  TOKENS,
  TOKEN_ENTRIES,
  connected,
  placesIn,
  refusal,
  startServer,
  type LiveServer,
} from './live-harness';

describe('live push: handshake, origins and token rotation', () => {
  let server: LiveServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a handshake and says why', async () => {
    expect(await refusal(server.url, { scope: 'city' })).toBe('no token: connect with auth {token, scope}');
    expect(await refusal(server.url, { token: 'not-a-token-we-know-of', scope: 'city' })).toBe('unknown token');
    expect(await refusal(server.url, { token: TOKENS.wall })).toMatch(/^no scope/);
    expect(await refusal(server.url, { token: TOKENS.wall, scope: '999999' })).toBe('unknown scope "999999"');
    expect(await refusal(server.url, { token: TOKENS.leaderA, scope: DISTRICT_B })).toBe('token for 渝中区 cannot read 江北区 (500105)');
    expect(await refusal(server.url, { token: TOKENS.leaderA, scope: 'city' })).toBe('token for 渝中区 cannot read the whole city (重庆市)');
    expect(await refusal(server.url, { token: TOKENS.leaderA, scope: placesIn(DISTRICT_B).street })).toMatch(/^token for 渝中区 cannot read /);
    expect(await refusal(server.url, { token: TOKENS.ingest, scope: 'city' })).toBe('an ingest token can write events but not read them');
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', deltaChildren: 'some' })).toBe('deltaChildren must be "all" or "changed", not "some"');
  });

  it('lets a leader into their district, its streets and grids', async () => {
    const a = placesIn(DISTRICT_A);
    for (const scope of [DISTRICT_A, a.street, a.grids[0]]) {
      const client = await connected(server.url, TOKENS.leaderA, scope);
      expect(client.of('snapshot')[0].scope).toBe(scope);
      client.close();
    }
  });

  it('refuses the default namespace', async () => {
    const socket = io(server.url, { auth: { token: TOKENS.wall, scope: 'city' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const message = await new Promise<string>((resolve) => socket.on('connect_error', (error) => resolve(error.message)));
    socket.close();
    expect(message).toBe(`connect to the ${LIVE_NAMESPACE} namespace`);
  });

  it('refuses pages of other origins and accepts its own', async () => {
    const attempt = (origin: string): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = io(`${server.url}${LIVE_NAMESPACE}`, {
          auth: { token: TOKENS.wall, scope: DISTRICT_A },
          transports: ['websocket'],
          extraHeaders: { origin },
          reconnection: false,
          forceNew: true,
        });
        socket.on('connect', () => {
          socket.close();
          resolve(true);
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve(false);
        });
      });
    expect(await attempt('http://evil.example')).toBe(false);
    expect(await attempt(server.url)).toBe(true);
  });

  it('tells and closes the sockets whose token is revoked or no longer reads their scope', async () => {
    const a = placesIn(DISTRICT_A);
    const wall = await connected(server.url, TOKENS.wall, 'city');
    const leader = await connected(server.url, TOKENS.leaderA, a.street);
    const admin = await connected(server.url, TOKENS.admin, DISTRICT_B);
    const closed = (client: typeof wall): Promise<string> => new Promise((resolve) => client.socket.on('disconnect', (reason) => resolve(reason)));
    const wallClosed = closed(wall);
    const leaderClosed = closed(leader);

    server.app.tokens.replace([
      ...TOKEN_ENTRIES.filter((entry) => entry.token !== TOKENS.wall && entry.token !== TOKENS.leaderA),
      { token: TOKENS.leaderA, role: 'leader', districts: [DISTRICT_B] },
    ]);

    expect(await wall.waitFor('revoked')).toEqual({ reason: 'token revoked' });
    expect((await leader.waitFor('revoked')).reason).toMatch(/^token no longer allowed: token for 江北区 cannot read /);
    expect(await wallClosed).toBe('io server disconnect');
    expect(await leaderClosed).toBe('io server disconnect');
    // The admin's socket is untouched and keeps ticking.
    const mark = admin.mark();
    await admin.waitFor('heartbeat', () => true, mark);
    expect(admin.socket.connected).toBe(true);
    expect(admin.of('revoked')).toEqual([]);
    admin.close();
    server.app.tokens.replace(TOKEN_ENTRIES);
  });
});
