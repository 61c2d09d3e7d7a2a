import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, TestClock, removeTempDirs, sampleGrids, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const grids = sampleGrids();
let server: TestServer;

const event = (id: string, caseId: string, type: string, at: string, extra: Record<string, unknown> = {}) => ({
  id,
  caseId,
  type,
  at: `2026-11-28T${at}:00+08:00`,
  ...extra,
});
const report = (id: string, caseId: string, at: string, extra: Record<string, unknown> = {}) =>
  event(id, caseId, 'reported', at, { category: 'E.05.02', source: 'hotline', gridCode: grids.a1, ...extra });

beforeAll(async () => {
  server = await startServer({ now: clock.now });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('duplicates and conflicts', () => {
  it('counts a re-sent identical event as a duplicate, even with its keys in another order', async () => {
    const first = report('d-1', 'D1', '09:00');
    expect(await server.ingest([first])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    expect(await server.ingest([first, reordered])).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect((await server.summary(grids.a1)).reported).toBe(1);
  });

  it('compares what an event says, not how: the same instant in another offset is a duplicate, a field its type ignores too', async () => {
    const first = event('d-3', 'D1', 'dispatched', '09:30', { department: '市政设施处' });
    expect(await server.ingest([first])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const utc = { ...first, at: '2026-11-28T01:30:00.000Z', category: 'C.02.01' };
    expect(await server.ingest([utc])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const later = { ...first, at: '2026-11-28T09:31:00+08:00' };
    expect((await server.ingest([later])).rejected).toEqual([
      { index: 0, id: 'd-3', error: 'event 0 (id d-3): conflicts with the stored event d-3 (different `at`); the stored one is kept' },
    ]);
  });

  it('rejects the same id with other content as a conflict and keeps the stored event', async () => {
    const changed = report('d-1', 'D1', '09:00', { category: 'C.02.01' });
    const result = await server.ingest([changed]);
    expect(result.accepted).toBe(0);
    expect(result.rejected).toEqual([
      { index: 0, id: 'd-1', error: 'event 0 (id d-1): conflicts with the stored event d-1 (different `category`); the stored one is kept' },
    ]);
    const summary = await server.summary(grids.a1);
    expect(summary.byCategory['E.05']).toBe(1);
    expect(summary.byCategory['C.02']).toBe(0);
  });

  it('treats duplicates and conflicts inside one batch the same way', async () => {
    const a = report('d-2', 'D2', '09:10');
    const result = await server.ingest([a, a, { ...a, source: 'video' }]);
    expect(result.accepted).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.rejected).toEqual([
      { index: 2, id: 'd-2', error: 'event 2 (id d-2): conflicts with event 0 of this batch (same id, different `source`)' },
    ]);
    expect((await server.summary(grids.a1)).bySource.hotline).toBe(2);
  });
});

describe('held events', () => {
  it('holds the later events of a case whose report has not arrived, and counts them once it does', async () => {
    const before = await server.summary(grids.a2);
    const later = [
      event('h-2', 'H1', 'registered', '10:05'),
      event('h-3', 'H1', 'dispatched', '10:20', { department: '市政设施处' }),
      event('h-4', 'H1', 'handled', '11:00'),
    ];
    expect((await server.ingest(later)).accepted).toBe(3);
    const held = await server.summary(grids.a2);
    expect([held.reported, held.registered, held.dispatched, held.handled, held.open]).toEqual([
      before.reported,
      before.registered,
      before.dispatched,
      before.handled,
      before.open,
    ]);
    expect((await server.ingest([report('h-1', 'H1', '10:00', { gridCode: grids.a2 })])).accepted).toBe(1);
    const counted = await server.summary(grids.a2);
    expect(counted.reported).toBe(before.reported + 1);
    expect(counted.registered).toBe(before.registered + 1);
    expect(counted.dispatched).toBe(before.dispatched + 1);
    expect(counted.handled).toBe(before.handled + 1);
    expect(counted.open).toBe(before.open + 1);
    expect(counted.handlingRate).toBe(1);
  });
});

describe('events after closure', () => {
  it('rejects a new event of a closed case with the closing time, and counts nothing of it', async () => {
    await server.ingest([
      report('x-1', 'X1', '12:00', { gridCode: grids.b1 }),
      event('x-2', 'X1', 'registered', '12:01'),
      event('x-3', 'X1', 'closed', '13:00'),
    ]);
    const before = await server.summary(grids.b1);
    expect(before.closed).toBe(1);
    const result = await server.ingest([event('x-4', 'X1', 'reworked', '13:30'), event('x-5', 'X1', 'handled', '12:30')]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ index: 0, id: 'x-4' });
    expect(result.rejected[0].error).toMatch(
      /^event 0 \(id x-4\): case X1 was closed at 2026-11-28T13:00:00(\.000)?\+08:00; no events after closure$/,
    );
    const after = await server.summary(grids.b1);
    expect(after.handled).toBe(1);
    expect(after.closed).toBe(1);
    expect(after.reworkRate).toBe(0);
  });

  it('still counts a re-sent event of a closed case as a duplicate, not as a refusal', async () => {
    const result = await server.ingest([event('x-5', 'X1', 'handled', '12:30')]);
    expect(result).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
  });

  it('refuses an event refused after the closure again when it is re-sent: nothing of it was stored', async () => {
    const result = await server.ingest([event('x-4', 'X1', 'reworked', '13:30')]);
    expect(result).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ index: 0, id: 'x-4' }] });
    expect(result.rejected[0].error).toMatch(/no events after closure$/);
  });
});

describe('one case by its id', () => {
  it('answers a closed case with its status and times, for readers whose scope covers it', async () => {
    const reply = await server.get('/api/v1/cases/X1', TOKENS.leader);
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      caseId: 'X1',
      status: 'closed',
      gridCode: grids.b1,
      districtCode: '500103',
      closedAt: expect.stringMatching(/^2026-11-28T13:00:00(\.000)?\+08:00$/),
    });
    expect((await server.get('/api/v1/cases/X1')).json().caseId).toBe('X1');
  });

  it('refuses a leader of another district with 403, and says 404 for a case never reported', async () => {
    const other = await server.get('/api/v1/cases/X1', TOKENS.leaderB);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/500103|district/);
    const unknown = await server.get('/api/v1/cases/NO-SUCH-CASE');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('no case NO-SUCH-CASE has been reported');
    expect((await server.get('/api/v1/cases/X1', '')).statusCode).toBe(401);
  });
});

describe('concurrent batches', () => {
  it('stores each id once when concurrent requests carry the same events', async () => {
    const shared = [report('g-1', 'G1', '14:00'), report('g-2', 'G2', '14:01')];
    const changed = { ...shared[0], source: 'video' };
    const before = await server.summary(grids.a1);
    const results = await Promise.all([
      server.ingest([...shared, report('g-3', 'G3', '14:02')]),
      server.ingest(shared),
      server.ingest([changed, report('g-4', 'G4', '14:03')]),
    ]);
    const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
    const duplicates = results.reduce((sum, r) => sum + r.duplicates, 0);
    const conflicts = results.flatMap((r) => r.rejected.map((x) => x.error));
    expect(accepted).toBe(4);
    expect(duplicates).toBe(2);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatch(/\(id g-1\): conflicts with the stored event g-1 \(different `source`\); the stored one is kept$/);
    expect((await server.summary(grids.a1)).reported).toBe(before.reported + 4);
  });
});
