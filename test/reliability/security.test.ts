import { Writable } from 'node:stream';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE } from '../../contract';
import { TOKENS, removeTempDirs, startServer, type TestServer } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { gridsOf } from './lib/recompute';
import { PAGES } from '../../server/plugins/static';
import { routesOf } from './lib/route-list';

/** Routes anyone may call: pages (the token stays in the page's URL), their assets, health, and the API's description. */
const PUBLIC = [/^\/$/, new RegExp(`^(${PAGES.join('|')})$`), /^\/anything$/, /^\/docs(\/.*)?$/, /^\/api\/v1\/openapi\.json$/, /^\/(healthz|readyz)$/];
const isPublic = (url: string) => PUBLIC.some((pattern) => pattern.test(url));
/** Routes of the city's reference data (geography, categories): any token, so no role is the wrong one. */
const isReference = (url: string) => /^\/api\/v1\/(geo\/.*|categories)$/.test(url);

class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let server: TestServer;
const log = new LogCapture();
beforeAll(async () => {
  server = await startServer({ logLevel: 'info', logStream: log, ingestRatePerMinute: 0 });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const call = (method: string, url: string, token?: string) =>
  server.request({
    method: method as 'GET',
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    payload: method === 'POST' ? '[]' : undefined,
  });

describe('every route refuses missing, unknown and out-of-role tokens', () => {
  it('finds the routes in the app itself', () => {
    const routes = routesOf(server.app);
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/events' });
    expect(routes).toContainEqual({ method: 'GET', url: '/api/v1/summary' });
    expect(routes.filter((r) => !isPublic(r.url)).length).toBeGreaterThanOrEqual(10);
  });

  it('answers 401 without a token or with an unknown one, and 403 to a token of the wrong role', async () => {
    for (const { method, url } of routesOf(server.app).filter((r) => !isPublic(r.url))) {
      const withScope = `${url}?scope=city&status=open&date=2026-11-28`;
      const none = await call(method, withScope);
      expect([401, 403], `${method} ${url} without a token: ${none.statusCode}`).toContain(none.statusCode);
      expect(none.json<{ message: string }>().message, `${method} ${url}`).toMatch(/token|access rule/);
      const unknown = await call(method, withScope, 'not-a-token-of-this-server');
      expect([401, 403], `${method} ${url} with an unknown token: ${unknown.statusCode}`).toContain(unknown.statusCode);
      const queryUnknown = await call(method, `${withScope}&token=not-a-token-of-this-server`);
      expect([401, 403], `${method} ${url} with an unknown ?token=`).toContain(queryUnknown.statusCode);
      if (isReference(url)) continue;
      const wrongRole = await call(method, withScope, method === 'GET' ? TOKENS.ingest : TOKENS.wall);
      expect(wrongRole.statusCode, `${method} ${url} with a token of the wrong role`).toBe(403);
    }
  });

  it('refuses every scoped route a scope outside the token', async () => {
    const spec = (await call('GET', '/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    }>();
    const scoped = Object.entries(spec.paths).filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'scope'));
    expect(scoped.map(([path]) => path)).toEqual(expect.arrayContaining(['/api/v1/summary', '/api/v1/grids', '/api/v1/cases']));
    for (const [path] of scoped) {
      const other = await call('GET', `${path}?scope=500105&status=open&family=E.06`, TOKENS.leader);
      expect(other.statusCode, `${path} of 江北区 with a 渝中区 leader token`).toBe(403);
      const city = await call('GET', `${path}?scope=city&status=open&family=E.06`, TOKENS.leader);
      expect(city.statusCode, `${path} of the city with a 渝中区 leader token`).toBe(403);
      const own = await call('GET', `${path}?scope=500103&status=open&family=E.06`, TOKENS.leader);
      expect(own.statusCode, `${path} of 渝中区 with its leader's token`).toBe(200);
    }
  });

  it('refuses socket handshakes without a token, with an unknown one and out of scope', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}${LIVE_NAMESPACE}`;
    const refusal = (auth: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', (error) => {
          socket.close();
          resolve(error.message);
        });
      });
    expect(await refusal({ scope: 'city' })).toMatch(/no token/);
    expect(await refusal({ token: 'not-a-token-of-this-server', scope: 'city' })).toBe('unknown token');
    expect(await refusal({ token: TOKENS.leader, scope: '500105' })).toMatch(/cannot read/);
    expect(await refusal({ token: TOKENS.ingest, scope: 'city' })).toMatch(/not read/);
    expect(await refusal({ token: TOKENS.leader, scope: '500103' })).toBe('connected');
  });
});

describe('security headers', () => {
  it('sends a CSP on pages that still lets the wall run mapbox-gl', async () => {
    const page = await call('GET', '/wall?token=x');
    const csp = String(page.headers['content-security-policy']);
    const directive = (name: string) => csp.split(';').find((d) => d.trim().startsWith(`${name} `)) ?? '';
    expect(directive('worker-src')).toContain('blob:');
    expect(directive('child-src')).toContain('blob:');
    expect(directive('img-src')).toContain('data:');
    expect(directive('img-src')).toContain('blob:');
    expect(directive('script-src')).not.toContain('unsafe-eval');
    expect(directive('object-src')).toContain("'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const api = await call('GET', '/api/v1/summary?scope=city', TOKENS.wall);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('rate limit on ingest', () => {
  it('answers 429 with a message and retry-after once a token goes over its rate, and other tokens go on', async () => {
    const limited = await startServer({ ingestRatePerMinute: 3 });
    try {
      const post = (token: string) =>
        limited.request({
          method: 'POST',
          url: '/api/v1/events',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: '[]',
        });
      for (let i = 0; i < 3; i++) expect((await post(TOKENS.ingest)).statusCode).toBe(200);
      const over = await post(TOKENS.ingest);
      expect(over.statusCode).toBe(429);
      expect(over.json<{ message: string }>().message).toMatch(/more than 3 ingest requests a minute with this token \(ONESCREEN_INGEST_RATE\)/);
      expect(over.headers['retry-after']).toBeDefined();
      expect((await post(TOKENS.admin)).statusCode).toBe(200);
      // Reads are not limited by the ingest ceiling.
      for (let i = 0; i < 5; i++) expect((await limited.get('/api/v1/summary?scope=city')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('never hold a token, whether it came in a header or the query, valid or not', async () => {
    const stranger = 'stranger-token-that-must-not-leak-0001';
    const events = caseEvents({ cases: 3, grids: gridsOf('500103'), seed: 5, now: Date.now() });
    await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
      payload: JSON.stringify(events),
    });
    await server.request({ method: 'POST', url: `/api/v1/events?token=${TOKENS.ingest}`, headers: { 'content-type': 'application/json' }, payload: '{bad' });
    await call('GET', `/api/v1/summary?scope=city&token=${TOKENS.wall}`);
    await call('GET', `/api/v1/summary?token=${TOKENS.admin}&scope=nowhere`);
    await call('GET', `/wall?token=${TOKENS.wall}`);
    await call('GET', `/api/v1/nothing-here?token=${TOKENS.leader}`);
    await call('GET', '/api/v1/summary?scope=city', stranger);
    await call('GET', `/api/v1/summary?scope=city&token=${stranger}`);
    await call('GET', '/metrics', TOKENS.leader);
    await server.request({ method: 'GET', url: '/api/v1/summary?scope=city', headers: { authorization: `Basic ${TOKENS.wall}` } });
    expect(log.text).toMatch(/request completed/);
    expect(log.text).toMatch(/\[redacted\]/);
    for (const token of [...Object.values(TOKENS), stranger]) expect(log.text.includes(token), `token ${token} in the log`).toBe(false);
  });
});
