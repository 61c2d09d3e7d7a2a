import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../contract';
import type { ImportEvent } from '../../../mock/importers/case-events';
import { replay } from '../../../mock/importers/replay';
import { cityDay, cityIso, HOUR_MS } from '../../../mock/shared/city-time';
import { demoCity, eventually, INGEST_TOKEN, removeDataDirs, startServer, type MockServer } from '../mock-harness';

let server: MockServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
  removeDataDirs();
});

/** Three reports an hour apart, in the past of the server's clock. */
function reports(start: number): ImportEvent[] {
  const grid = demoCity().gridCodeAt(0);
  return [0, 1, 2].map((i): ImportEvent => {
    const at = start + i * HOUR_MS;
    const event: CaseEvent = {
      id: `replay-${i}`,
      caseId: `REPLAY-${i}`,
      type: 'reported',
      at: cityIso(at),
      category: 'E.01.01',
      source: 'app',
      gridCode: grid,
    };
    return { at, line: i + 2, event };
  });
}

describe('replaying events in event-time order', () => {
  it('sends each event only once its time has come on the replay clock', async () => {
    const start = Date.now() - 6 * HOUR_MS;
    const events = reports(start);
    let clock = start + 30 * 60_000;
    const days = [...new Set(events.map((e) => cityDay(e.at)))];
    const total = async () => (await Promise.all(days.map((day) => server.summary('city', day)))).reduce((sum, s) => sum + s.reported, 0);

    const quiet = { target: server.url, token: INGEST_TOKEN, statusEveryMs: 0, log: () => undefined };
    const done = replay(events, { ...quiet, speed: 1, now: () => clock, flushMs: 10 });
    await eventually(async () => (await total()) >= 1, 'the first report on the server');
    // The clock stands before the other two: they cannot have been sent, whatever the timing.
    expect(await total()).toBe(1);
    clock = start + 3 * HOUR_MS;
    const result = await done;
    expect(result.sender).toMatchObject({ accepted: 3, rejected: 0 });
    expect(result.held).toEqual([]);
    expect(await total()).toBe(3);
  });

  it('holds events dated after now instead of sending them', async () => {
    const now = Date.now();
    const events = reports(now - HOUR_MS).map((e, i) => ({ ...e, event: { ...e.event, id: `future-${i}`, caseId: `FUTURE-${i}` } }));
    const quiet = { target: server.url, token: INGEST_TOKEN, statusEveryMs: 0, log: () => undefined };
    const result = await replay(events, { ...quiet, now: () => now });
    expect(result.sender.accepted).toBe(2);
    expect(result.held.map((e) => e.event.id)).toEqual(['future-2']);
  });
});
