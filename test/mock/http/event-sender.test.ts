import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../contract';
import { EventSender, type SenderOptions } from '../../../mock/http/event-sender';
import { cityDay, HOUR_MS } from '../../../mock/shared/city-time';
import { CaseEventStream } from '../../../mock/simulator/case-stream';
import { freePort } from '../../lib/free-port';
import { demoCityGrids, eventually, INGEST_TOKEN, removeDataDirs, startServer, type MockServer } from '../mock-harness';

/** close() gives up after its limit; a loaded machine may need longer to flush, and the counts are what is checked. */
const CLOSE_LIMIT_MS = 120_000;

let events: CaseEvent[];
let server: MockServer | undefined;

beforeAll(() => {
  const now = Date.now();
  // A whole day back, so that there are enough events whatever the hour the test runs at.
  const stream = new CaseEventStream(demoCityGrids(), { rate: 40_000, seed: 11, from: now - 26 * HOUR_MS, liveStart: now, speed: 1 });
  events = stream.take(now - HOUR_MS, 2500);
  expect(events).toHaveLength(2500);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(removeDataDirs);

function sender(target: string, options: Partial<SenderOptions> = {}): { sender: EventSender; logs: string[] } {
  const logs: string[] = [];
  const quick = { batchSize: 500, retryBaseMs: 20, retryMaxMs: 200, statusEveryMs: 0 };
  const s = new EventSender({ target, token: INGEST_TOKEN, ...quick, log: (l) => logs.push(l), ...options });
  return { sender: s, logs };
}

/** Reported cases the server counts over the days the events span. */
async function reportedOnServer(s: MockServer): Promise<number> {
  const days = [...new Set(events.filter((e) => e.type === 'reported').map((e) => cityDay(Date.parse(e.at))))];
  const figures = await Promise.all(days.map((day) => s.summary('city', day)));
  return figures.reduce((sum, f) => sum + f.reported, 0);
}

describe('event sender against the real server', () => {
  it('retries while the server is down and loses nothing once it comes up', async () => {
    const port = await freePort();
    const { sender: s, logs } = sender(`http://127.0.0.1:${port}`);
    s.push(events);
    await eventually(() => s.stats().retries >= 3, 'a few failed attempts');
    expect(s.stats()).toMatchObject({ sent: 0, buffered: events.length });
    expect(logs.join('\n')).toContain('ECONNREFUSED');

    server = await startServer({ port });
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: events.length, accepted: events.length, duplicates: 0, rejected: 0, refused: 0, buffered: 0 });
    expect(logs.join('\n')).toContain('taking events again');
    expect(await reportedOnServer(server)).toBe(events.filter((e) => e.type === 'reported').length);

    // A resend (as after a lost reply) is harmless: every event is a duplicate.
    s.push(events);
    await s.close(CLOSE_LIMIT_MS);
    expect(s.stats()).toMatchObject({ accepted: events.length, duplicates: events.length, buffered: 0 });
    expect(await reportedOnServer(server)).toBe(events.filter((e) => e.type === 'reported').length);
  }, 180_000);

  it('makes the producer wait when the buffer is full, and warns, instead of dropping', async () => {
    const port = await freePort();
    const { sender: s, logs } = sender(`http://127.0.0.1:${port}`, { maxBuffered: 1000 });
    s.push(events.slice(0, 1200));
    let room = false;
    const waiting = s.room().then(() => {
      room = true;
    });
    await eventually(() => s.stats().retries >= 2, 'failed attempts while the server is down');
    expect(room).toBe(false);
    expect(logs.find((l) => l.includes('buffer full'))).toMatch(/1,200 events waiting.*nothing is dropped/);

    server = await startServer({ port });
    await waiting;
    await s.close(CLOSE_LIMIT_MS);
    expect(s.stats()).toMatchObject({ accepted: 1200, buffered: 0 });
    expect(logs.join('\n')).toContain('generation resumed');
  });

  it('splits a batch the server finds too large', async () => {
    server = await startServer({ maxBatch: 100 });
    const { sender: s } = sender(server.url, { batchSize: 300 });
    s.push(events.slice(0, 900));
    await s.close(CLOSE_LIMIT_MS);
    expect(s.stats()).toMatchObject({ sent: 900, accepted: 900, refused: 0, buffered: 0 });
  });

  it("logs the server's message when it refuses a batch or an event", async () => {
    server = await startServer();
    const refused = sender(`${server.url}/not-here`);
    refused.sender.push(events.slice(0, 10));
    await refused.sender.close();
    expect(refused.sender.stats()).toMatchObject({ refused: 10, buffered: 0 });
    expect(refused.logs.join('\n')).toMatch(/refused a batch of 10 events \(404\): no route POST \/not-here\/api\/v1\/events/);

    const bad = sender(server.url);
    bad.sender.push([{ ...events[0], id: 'e-bad-category', caseId: 'C-bad', category: 'E.09.99' }]);
    await bad.sender.close();
    expect(bad.sender.stats()).toMatchObject({ rejected: 1, accepted: 0 });
    expect(bad.logs.join('\n')).toMatch(/rejected event e-bad-category: .*E\.09\.99/);
  });

  it('stops with a clear error when the token is refused', async () => {
    server = await startServer();
    const { sender: s, logs } = sender(server.url, { token: 'not-a-known-token-at-all' });
    s.push(events.slice(0, 10));
    await expect(s.flush()).rejects.toThrow(/refused the token \(401\)/);
    expect(() => s.push(events.slice(0, 1))).toThrow(/not sending/);
    expect(logs.join('\n')).toContain('stopped sending');
    await s.close();
  });
});
