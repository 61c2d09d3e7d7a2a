import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE } from '../../contract';
import type { TokenEntry } from '../../server/auth/token-entry';
import { removeTempDirs, tempDir } from '../server/lib/harness';
import { freePort } from '../lib/free-port';
import { hasRedis } from '../scale/lib/cluster';
import { startRedis } from '../scale/lib/redis-server';
import { caseEvents } from './lib/case-events';
import { killAllServers, spawnServer, waitReady, writeTokensFile, type ChildServer } from './lib/child-server';
import { gridsOf } from './lib/recompute';

afterAll(async () => {
  await killAllServers();
  removeTempDirs();
});

/** A token as the server generates them. */
const secret = (): string => randomBytes(32).toString('base64url');

/** Eight characters in a row of a random secret are enough to recognise it (V8 quotes ten of a bad JSON text). */
const FRAGMENT = 8;

/** A log line's bytes (`{"type":"Buffer","data":[71,69,84…]}`) as the text they hold. */
const BYTES = /\{"type":"Buffer","data":\[([\d,]*)\]\}/g;

/** The names of the secrets of which some part shows in `output`, as text or as logged bytes. */
function leaked(output: string, secrets: Record<string, string>): string[] {
  const text = `${output}\n${[...output.matchAll(BYTES)].map((bytes) => Buffer.from(bytes[1].split(',').map(Number)).toString('latin1')).join('\n')}`;
  return Object.entries(secrets)
    .filter(([, value]) => Array.from({ length: value.length - FRAGMENT + 1 }, (_, i) => value.slice(i, i + FRAGMENT)).some((part) => text.includes(part)))
    .map(([name]) => name);
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** What a misbehaving or mistaken client sends: the answer's status, and the answer's text. */
async function send(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, text: await response.text() };
}

/** A request Node's HTTP parser refuses, with a token in its URL and its Authorization header. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((done, fail) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', fail);
    socket.on('close', () => done(answer));
  });
}

/** The outcome of a `/live` handshake: `connected`, or the server's refusal. */
function handshake(base: string, auth: Record<string, string>, query: Record<string, string> = {}): Promise<string> {
  return new Promise((done) => {
    const socket = io(`${base}${LIVE_NAMESPACE}`, { auth, query, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => {
      socket.disconnect();
      done('connected');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      done(error.message);
    });
  });
}

describe('what the server writes', () => {
  it('holds no token, in any form, from start-up through bad requests of every kind, a token rotation and a shutdown', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const tokens = {
      admin: secret(),
      wall: secret(),
      leader: secret(),
      ingest: secret(),
      leaderB: secret(),
      rotatedWall: secret(),
      rotatedLeader: secret(),
      stranger: secret(),
    };
    const first: TokenEntry[] = [
      // First in the file, as many operators write it: the server once printed it at every start.
      { token: tokens.admin, role: 'admin', name: 'admin' },
      { token: tokens.wall, role: 'wall', name: 'wall' },
      { token: tokens.leader, role: 'leader', districts: ['500103'], name: 'leader 渝中区' },
      { token: tokens.ingest, role: 'ingest', name: 'ingest' },
      { token: tokens.leaderB, role: 'leader', districts: ['500105'], name: 'leader 江北区' },
    ];
    const tokensFile = writeTokensFile(dir, first);
    // A client build of its own, so that the page shells answer whether or not `npm run build` ran.
    const clientDir = join(dir, 'client');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>OneScreen</title>');
    const server = await spawnServer({
      dataDir: join(dir, 'data'),
      tokensFile,
      // Every line the server can write, requests included, and small limits so that 413 and 429 are reached.
      env: {
        ONESCREEN_LOG_LEVEL: 'trace',
        ONESCREEN_LOG_REQUESTS: 'true',
        ONESCREEN_BODY_LIMIT: '4096',
        ONESCREEN_INGEST_RATE: '10',
        ONESCREEN_CLIENT_DIR: clientDir,
      },
    });
    const base = server.url;
    const json = { 'content-type': 'application/json' };
    const events = caseEvents({ cases: 3, grids: gridsOf('500103'), seed: 9, now: Date.now() });

    const expectStatus = async (label: string, status: number, path: string, init?: RequestInit) => {
      const answer = await send(base, path, init);
      expect(answer.status, `${label}: ${answer.text}`).toBe(status);
      return answer.text;
    };

    // Allowed, with the token in the header, in the query, and in the query under an encoded name.
    await expectStatus('wall reads', 200, '/api/v1/summary?scope=city', { headers: bearer(tokens.wall) });
    await expectStatus('leader reads', 200, '/api/v1/summary?scope=500103', { headers: bearer(tokens.leader) });
    await expectStatus('admin reads', 200, `/api/v1/me?token=${tokens.admin}`);
    await expectStatus('encoded name', 200, `/api/v1/summary?scope=city&%74oken=${tokens.wall}`);
    await expectStatus('ingest reads the grids', 200, `/api/v1/geo/areas?token=${tokens.ingest}`);
    await expectStatus('ingest writes', 200, '/api/v1/events', { method: 'POST', headers: { ...bearer(tokens.ingest), ...json }, body: JSON.stringify(events) });
    // 401: no token, unknown ones, a token under another scheme or name.
    await expectStatus('no token', 401, '/api/v1/summary?scope=city');
    await expectStatus('unknown bearer', 401, '/api/v1/summary?scope=city', { headers: bearer(tokens.stranger) });
    await expectStatus('unknown query', 401, `/api/v1/summary?scope=city&token=${tokens.stranger}`);
    await expectStatus('basic scheme', 401, '/api/v1/summary?scope=city', { headers: { authorization: `Basic ${tokens.admin}` } });
    await expectStatus('bearer with junk', 401, '/api/v1/summary?scope=city', { headers: { authorization: `Bearer ${tokens.admin} ${tokens.wall}` } });
    await expectStatus('misnamed Token', 401, `/api/v1/summary?scope=city&Token=${tokens.admin}`);
    await expectStatus('access_token', 401, `/api/v1/summary?scope=city&access_token=${tokens.wall}`);
    // 403: the wrong role, a district not the leader's.
    await expectStatus('ingest reads', 403, `/api/v1/summary?scope=city&token=${tokens.ingest}`);
    await expectStatus('leader outside', 403, `/api/v1/summary?scope=500105&token=${tokens.leader}`);
    await expectStatus('leader metrics', 403, '/metrics', { headers: bearer(tokens.leader) });
    await expectStatus('wall writes', 403, `/api/v1/events?token=${tokens.wall}`, { method: 'POST', headers: json, body: '[]' });
    // 404: no such route, no such scope.
    await expectStatus('no route', 404, `/api/v1/nothing-here?token=${tokens.admin}`);
    await expectStatus('no route, bearer', 404, '/nothing/at/all', { headers: bearer(tokens.admin) });
    await expectStatus('no scope', 404, `/api/v1/summary?scope=999999&token=${tokens.wall}`);
    // 400: bad values, and bodies that are not JSON, one of them quoting a token.
    await expectStatus('bad date', 400, `/api/v1/summary?scope=city&date=yesterday&token=${tokens.wall}`);
    await expectStatus('bad tile', 400, `/api/v1/geo/tiles/99/0/0.pbf?token=${tokens.ingest}`);
    await expectStatus('broken JSON', 400, `/api/v1/events?token=${tokens.ingest}`, {
      method: 'POST',
      headers: json,
      body: `[{"id": "x", "token": ${tokens.admin}}]`,
    });
    await expectStatus('not an array', 400, '/api/v1/events', { method: 'POST', headers: { ...bearer(tokens.ingest), ...json }, body: JSON.stringify({ token: tokens.admin }) });
    const ndjson = await expectStatus('bad NDJSON line', 200, '/api/v1/events', {
      method: 'POST',
      headers: { ...bearer(tokens.ingest), 'content-type': 'application/x-ndjson' },
      body: `{"token": ${tokens.leaderB}}\n`,
    });
    expect(ndjson).toMatch(/not valid JSON/);
    // 413 and 415.
    await expectStatus('too large', 413, `/api/v1/events?token=${tokens.ingest}`, { method: 'POST', headers: json, body: JSON.stringify([{ padding: 'x'.repeat(5000) }]) });
    await expectStatus('content type', 415, '/api/v1/events', { method: 'POST', headers: { ...bearer(tokens.ingest), 'content-type': `text/plain; token=${tokens.admin}` }, body: tokens.admin });
    // 429: over the ingest rate of this token (the six ingest requests above count too).
    const limited: number[] = [];
    for (let i = 0; i < 6; i++) limited.push((await send(base, '/api/v1/events', { method: 'POST', headers: { ...bearer(tokens.ingest), ...json }, body: '[]' })).status);
    expect(limited).toContain(429);
    // Pages: the shells, and the redirect from / that keeps the query.
    await expectStatus('wall page', 200, `/wall?token=${tokens.wall}`);
    await expectStatus('root redirect', 302, `/?token=${tokens.wall}`);
    // What Node's HTTP parser refuses before Fastify sees it.
    const badHeader = await raw(server.port, `GET /api/v1/summary?scope=city&token=${tokens.admin} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.admin}\r\nnot a header\r\n\r\n`);
    expect(badHeader).toMatch(/^HTTP\/1\.1 400/);
    const hugeHeader = await raw(server.port, `GET /api/v1/me?token=${tokens.wall} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.wall}\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`);
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431/);
    // Live handshakes: accepted, unknown, out of scope, and a token put in the socket's URL.
    expect(await handshake(base, { token: tokens.wall, scope: 'city' })).toBe('connected');
    expect(await handshake(base, { token: tokens.stranger, scope: 'city' })).toBe('unknown token');
    expect(await handshake(base, { token: tokens.leader, scope: '500105' })).toMatch(/cannot read/);
    expect(await handshake(base, { scope: 'city' }, { token: tokens.admin })).toMatch(/no token/);

    // What the server publishes.
    const metrics = await expectStatus('metrics', 200, '/metrics', { headers: bearer(tokens.wall) });
    const openapi = await expectStatus('openapi', 200, '/api/v1/openapi.json');
    expect((await send(base, '/docs')).status).toBeLessThan(400);
    expect(leaked(metrics, tokens), 'tokens in /metrics').toEqual([]);
    expect(leaked(openapi, tokens), 'tokens in the OpenAPI document').toEqual([]);

    // A rotation: first written wrong (a token without its quotes, where V8's message quotes the text), then right, dropping the wall and a leader.
    const rotated: TokenEntry[] = [
      { token: tokens.admin, role: 'admin', name: 'admin' },
      { token: tokens.rotatedWall, role: 'wall', name: 'wall 2' },
      { token: tokens.rotatedLeader, role: 'leader', districts: ['500103'], name: 'leader 渝中区 2' },
      { token: tokens.ingest, role: 'ingest', name: 'ingest' },
    ];
    writeFileSync(tokensFile, JSON.stringify(rotated).replace(`"${tokens.rotatedWall}"`, `x${tokens.rotatedWall}`));
    await expect.poll(() => server.output(), { timeout: 30_000 }).toMatch(/tokens file not reloaded/);
    writeFileSync(tokensFile, JSON.stringify(rotated, null, 2));
    await expect.poll(async () => (await send(base, '/api/v1/me', { headers: bearer(tokens.rotatedWall) })).status, { timeout: 30_000 }).toBe(200);
    await expectStatus('old wall', 401, `/api/v1/me?token=${tokens.wall}`);
    await expectStatus('new leader', 200, `/api/v1/summary?scope=500103&token=${tokens.rotatedLeader}`);

    await server.stop();
    const output = server.output();
    // The paths above were all taken: requests logged (their tokens redacted), the rotation, the shutdown.
    expect(output).toMatch(/OneScreen listening on/);
    expect(output).toContain(tokensFile);
    expect(output).toMatch(/incoming request/);
    expect(output).toContain('token=[redacted]');
    expect(output).toContain('%74oken=[redacted]');
    expect(output).toMatch(/tokens file not reloaded/);
    expect(output).toMatch(/tokens reloaded/);
    expect(output).toMatch(/shutting down/);
    expect(leaked(output, tokens), `tokens in the server's output:\n${output.slice(0, 4000)}`).toEqual([]);
  });

  it.skipIf(!hasRedis)('holds no token nor the Redis password in scale-out, with Redis away at start and back later', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const tokens = { admin: secret(), wall: secret(), ingest: secret() };
    const password = secret();
    const tokensFile = writeTokensFile(dir, [
      { token: tokens.admin, role: 'admin' },
      { token: tokens.wall, role: 'wall' },
      { token: tokens.ingest, role: 'ingest' },
    ]);
    const redisPort = await freePort();
    const node: ChildServer = await spawnServer({
      dataDir: join(dir, 'node'),
      tokensFile,
      waitReady: false,
      env: { ONESCREEN_LOG_LEVEL: 'trace', ONESCREEN_REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`, ONESCREEN_TICK_MS: '200' },
    });
    await expect.poll(() => node.output(), { timeout: 30_000 }).toMatch(/cannot reach Redis/);
    const events = caseEvents({ cases: 5, grids: gridsOf('500103'), seed: 11, now: Date.now() });
    const post = () => send(node.url, `/api/v1/events?token=${tokens.ingest}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
    expect((await post()).status).toBe(503);
    expect((await send(node.url, `/api/v1/summary?scope=city&token=${tokens.wall}`)).status).toBe(503);

    const redis = await startRedis(dir, redisPort, { password });
    try {
      await waitReady(node.url, 60_000);
      expect((await post()).status).toBe(200);
      expect((await send(node.url, '/api/v1/summary?scope=city', { headers: bearer(tokens.admin) })).status).toBe(200);
      await node.stop();
    } finally {
      await redis.stop();
    }
    const output = node.output();
    expect(output).toMatch(/scale-out: the shared event log is a Redis Stream/);
    expect(output).toMatch(/Redis reachable again|event log replayed/);
    expect(output).toContain('token=[redacted]');
    expect(leaked(output, { ...tokens, redisPassword: password }), `secrets in the server's output:\n${output.slice(0, 4000)}`).toEqual([]);
  });
});
