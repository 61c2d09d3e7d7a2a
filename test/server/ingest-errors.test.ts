import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../contract';
import { TOKENS, TestClock, removeTempDirs, sampleGrids, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T10:00:00+08:00'));
const grids = sampleGrids();
let server: TestServer;

const reported = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  caseId: `C-${id}`,
  type: 'reported',
  at: '2026-11-28T09:00:00+08:00',
  category: 'E.05.02',
  source: 'inspector',
  gridCode: grids.a1,
  ...extra,
});

beforeAll(async () => {
  server = await startServer({ now: clock.now, bodyLimit: 32 * 1024, maxBatch: 20 });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

/** Posts one good event and one bad one; the bad one's error, after checking the good one got in. */
async function rejectionOf(bad: Record<string, unknown>, good: Record<string, unknown>): Promise<IngestResult['rejected'][number]> {
  const result = await server.ingest([good, bad]);
  expect(result.accepted).toBe(1);
  expect(result.rejected).toHaveLength(1);
  expect(result.rejected[0].index).toBe(1);
  return result.rejected[0];
}

describe('per-event rejections: the good events of the batch are accepted', () => {
  it('names each problem with the event index and id', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [reported('t1', { type: 'resolved' }), /^event 1 \(id t1\): field `type` is "resolved"; it must be one of reported, registered, .*cancelled$/],
      [{ ...reported('t2'), at: undefined }, /^event 1 \(id t2\): field `at` is missing$/],
      [reported('t3', { at: 'yesterday' }), /field `at` is not an ISO 8601 time with offset/],
      [reported('t4', { at: '2026-11-28T09:00:00' }), /field `at` has no UTC offset: "2026-11-28T09:00:00"/],
      [reported('t5', { at: '2026-02-30T09:00:00+08:00' }), /field `at` is not a real date and time/],
      [reported('t6', { at: '2026-11-28T10:05:01+08:00' }), /field `at` \(2026-11-28T10:05:01\+08:00\) is more than 5 minutes ahead of the server clock/],
      [reported('t7', { category: 'E.09.09' }), /unknown category E\.09\.09/],
      [reported('t8', { category: 'litter' }), /field `category` is "litter"; it must be a category code like E\.05\.02/],
      [reported('t9', { gridCode: '500103999999999' }), /unknown grid code 500103999999999/],
      [reported('t10', { gridCode: undefined, lng: 116.4, lat: 39.9 }), /point \(lng 116\.4, lat 39\.9\) is outside every grid of 重庆市/],
      [reported('t11', { description: 'x'.repeat(2001) }), /field `description` is longer than 2000 characters \(it has 2001\)/],
      [reported('t12', { source: 'pigeon' }), /field `source` is "pigeon"/],
      [reported('t13', { color: 'red' }), /unknown field `color`/],
      [reported('t14', { gridCode: undefined }), /needs `gridCode` or `lng` and `lat`/],
      [reported('t15', { gridCode: undefined, lng: 106.5 }), /`lng` and `lat` go together/],
      [reported('t16', { category: undefined }), /needs `category`/],
      [reported('t17', { deadline: '2026-11-29 18:00' }), /field `deadline` is not an ISO 8601 time/],
      [reported('t18', { lat: 'north' }), /field `lat` must be a number, not a string/],
    ];
    for (const [index, [bad, message]] of cases.entries()) {
      const rejection = await rejectionOf(bad, reported(`good-${index}`));
      expect(rejection.error).toMatch(message);
      expect(rejection.id).toBe(bad.id);
    }
    const noId = await rejectionOf({ caseId: 'x', type: 'reported' } as Record<string, unknown>, reported('good-noid'));
    expect(noId.error).toBe('event 1: field `id` is missing');
    expect(noId.id).toBeUndefined();
    const notObject = await server.ingest([reported('good-scalar'), 42]);
    expect(notObject.rejected).toEqual([{ index: 1, error: 'event 1: is a number, not a JSON object' }]);

    // Only the good events count: one per rejection test above.
    const city = await server.summary('city');
    expect(city.reported).toBe(cases.length + 2);
  });

  it('places an event given by coordinates into the grid that contains them', async () => {
    const [lng, lat] = server.app.city.centerOf(grids.b1) ?? [0, 0];
    const result = await server.ingest([reported('by-point', { gridCode: undefined, lng, lat })]);
    expect(result.accepted).toBe(1);
    const grid = await server.summary(grids.b1);
    expect(grid.reported).toBe(1);
  });
});

describe('whole-request errors: a clear status and message, nothing else lost', () => {
  it('refuses a body that is not JSON, saying where', async () => {
    const before = await server.summary('city');
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
      payload: '[\n  {"id": "a", "caseId": "b",}\n]',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('body is not valid JSON: unexpected "}\\n]" at line 2, column 29 (character 31)');
    const truncated = await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
      payload: '[{"id": "a"',
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().message).toMatch(/ends too early, at line 1, column 12/);
    expect((await server.summary('city')).reported).toBe(before.reported);
  });

  it('refuses an empty body and a body that is not an array', async () => {
    const empty = await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/body is empty/);
    const object = await server.post(reported('lonely'));
    expect(object.statusCode).toBe(400);
    expect(object.json().message).toBe('body must be a JSON array of events, not object');
  });

  it('refuses a content type it does not read with 415', async () => {
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'text/csv' },
      payload: 'id,caseId\n1,2\n',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toMatch(/content type text\/csv is not accepted: send application\/json .* or application\/x-ndjson/);
  });

  it('refuses a body over the limit with 413 and the limit', async () => {
    const before = await server.summary('city');
    const big = Array.from({ length: 19 }, (_, i) => reported(`big-${i}`, { description: 'x'.repeat(2000) }));
    const response = await server.post(big);
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toBe('body is larger than the limit of 32 KiB (ONESCREEN_BODY_LIMIT): send smaller batches');
    expect((await server.summary('city')).reported).toBe(before.reported);
  });

  it('refuses a batch over the maximum count, with the maximum', async () => {
    const before = await server.summary('city');
    const response = await server.post(Array.from({ length: 21 }, (_, i) => reported(`many-${i}`)));
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toBe('batch of 21 events is over the maximum of 20 (ONESCREEN_MAX_BATCH): split it');
    expect((await server.summary('city')).reported).toBe(before.reported);
  });
});

describe('NDJSON', () => {
  it('takes one event per line; a bad line is rejected on its own with its index', async () => {
    const lines = [JSON.stringify(reported('nd-1')), '{"id": "nd-2", oops', '', JSON.stringify(reported('nd-3'))].join('\n');
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/events',
      headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/x-ndjson' },
      payload: `${lines}\n`,
    });
    expect(response.statusCode).toBe(200);
    const result = response.json<IngestResult>();
    expect(result.accepted).toBe(2);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].index).toBe(1);
    expect(result.rejected[0].error).toMatch(/^event 1: line 2 is not valid JSON/);
  });
});

describe('messages stay short whatever is sent', () => {
  it('quotes long values cut short and leaves out ids that are no ids', async () => {
    const result = await server.ingest([
      reported('long-1', { type: 'x'.repeat(5_000) }),
      reported('long-2', { ['y'.repeat(5_000)]: 1 }),
      reported('z'.repeat(5_000)),
    ]);
    expect(result.rejected).toHaveLength(3);
    for (const rejection of result.rejected) expect(rejection.error.length).toBeLessThan(400);
    expect(result.rejected[0].error).toMatch(/field `type` is "x{56}…; it must be one of/);
    expect(result.rejected[1].error).toMatch(/unknown field `y{57}…`/);
    expect(result.rejected[2]).toEqual({ index: 2, error: expect.stringMatching(/^event 2: field `id` is longer than 128 characters/) });
  });
});
