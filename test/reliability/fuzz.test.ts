import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE } from '../../contract';
import { TOKENS, removeTempDirs, startServer, type TestServer } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { allFigures } from './lib/figures';
import { SCOPES, gridsOf } from './lib/recompute';

let server: TestServer;
let url = '';
let before: unknown;
const seeded = caseEvents({ cases: 200, grids: gridsOf('500103'), seed: 41, now: Date.now() });
const figures = () => allFigures(async (path) => (await server.get(path)).json(), SCOPES);

beforeAll(async () => {
  server = await startServer({ ingestRatePerMinute: 0 });
  expect((await server.ingest(seeded)).accepted).toBe(seeded.length);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  before = await figures();
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' id', 'ID'];
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('\ud800', '\udfff', '\u0000', '\u202e', 'ﷺ', '𝕏'.repeat(3), 'e\u0301', '\uFEFF', '"', '\\', '{{', '%00', '../../etc/passwd'),
  fc.constant('x'.repeat(70_000)),
);
const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.double(),
    fc.constantFrom(NaN, Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A seeded event with one field broken: wrong type, out of range, unknown key or nasty key. */
const brokenEvent = fc
  .tuple(fc.constantFrom(...seeded), fc.constantFrom('id', 'caseId', 'type', 'at', 'category', 'source', 'gridCode', 'lng', 'lat', 'deadline', ...NASTY_KEYS), nastyValue)
  .map(([event, key, value]) => {
    const broken: Record<string, unknown> = { ...event, id: `fuzz-${event.id}` };
    if (key === 'id') broken.id = typeof value === 'string' && value.length > 128 ? value : 12345;
    else if (key === 'type') broken.type = 'reported-ish';
    else if (key === 'at') broken.at = typeof value === 'string' ? `${value}not-a-time` : value;
    else Object.defineProperty(broken, key, { value: typeof value === 'string' || value === null ? { nested: value } : [value], enumerable: true });
    return broken;
  });

/** Text that is never a valid batch: broken JSON, deep nesting, wrong shapes, nasty keys. */
const invalidBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `${s}{`),
  fc.integer({ min: 1, max: 200_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1, max: 200_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  nastyValue.filter((v) => !Array.isArray(v)).map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.array(brokenEvent, { minLength: 1, maxLength: 5 }).map((events) => JSON.stringify(events)),
  fc.array(nastyValue, { maxLength: 5 }).map((items) => JSON.stringify(items.map((v) => (typeof v === 'object' && v !== null ? v : [v])))),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '[{"__proto__":{"accepted":1},"constructor":{"prototype":{"x":1}}}]', '[{"id":"p","constructor":1}]'),
);
const contentType = fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/json; charset=utf-16', '', 'multipart/form-data');
const headerText = fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '?'));

/** Percent-encoding, with bytes that are not UTF-8 where the text has a lone surrogate. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `%ED%A0%80${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}%FF`;
  }
}

describe('fuzzing the real server with invalid input', () => {
  it('answers every invalid ingest with a 4xx and a message, never a 500, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody, contentType, async (body, type) => {
        const reply = await server.request({
          method: 'POST',
          url: '/api/v1/events',
          headers: { authorization: `Bearer ${TOKENS.ingest}`, ...(type ? { 'content-type': type } : {}) },
          payload: body,
        });
        expect(reply.statusCode, `${reply.statusCode} ${reply.body.slice(0, 300)}`).toBeLessThan(500);
        const answer = reply.json<{ accepted?: number; message?: string }>();
        if (reply.statusCode === 200) expect(answer.accepted).toBe(0);
        else expect(answer.message).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000);

  it('answers odd headers and query strings on every read route without a 500', async () => {
    const routes = ['/api/v1/summary', '/api/v1/grids', '/api/v1/cases', '/api/v1/departments', '/api/v1/categories', '/api/v1/geo/areas'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.dictionary(fc.constantFrom('scope', 'date', 'status', 'limit', 'token', '__proto__', 'constructor'), nastyString, { maxKeys: 4 }),
        fc.oneof(headerText, fc.constant(`Bearer ${TOKENS.wall}`), headerText.map((t) => `Bearer ${t}`)),
        async (route, query, authorization) => {
          const search = Object.entries(query)
            .map(([k, v]) => `${encodeURIComponent(k)}=${percentEncoded(v.slice(0, 2000))}`)
            .join('&');
          const reply = await server.request({ method: 'GET', url: `${route}?${search}`, headers: { authorization } });
          expect(reply.statusCode, `${route}?${search} → ${reply.body.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  }, 180_000);

  it('refuses odd socket handshakes without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ token: fc.oneof(nastyValue, fc.constant(TOKENS.wall)), scope: nastyValue }, { requiredKeys: [] }),
        async (auth) => {
          const outcome = await new Promise<string>((resolve) => {
            const socket = io(`${url}${LIVE_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000 });
            socket.on('connect', () => {
              socket.close();
              resolve('connected');
            });
            socket.on('connect_error', (error) => {
              socket.close();
              resolve(error.message);
            });
            // A handshake over the size limit is cut at the transport: no connect_error, a closed connection.
            socket.io.on('close', (reason) => resolve(`closed: ${reason}`));
          });
          expect(outcome).not.toBe('connected');
          expect(outcome.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
    expect(server.app.live.nsp.sockets.size).toBe(0);
  });

  it('leaves every figure as it was and the server healthy', async () => {
    expect((await server.get('/healthz', '')).statusCode).toBe(200);
    expect(await figures()).toEqual(before);
  });
});
