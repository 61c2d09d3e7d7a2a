import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contract';
import { TestClock, demoCity, gridsOf, removeTempDirs, startServer, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const DISTRICT = '500103';
const [STREET] = demoCity().childrenOf(DISTRICT);
const COMMUNITY = demoCity().childrenOf(STREET)[0];
const HOUR = 3_600_000;

/** Three days of cases in two districts, with every step, some crossing midnight, some overdue. */
function stream(): CaseEvent[] {
  const events: CaseEvent[] = [];
  const grids = [...gridsOf(STREET).slice(0, 5), ...gridsOf('500105').slice(0, 3)];
  const start = Date.parse('2026-11-26T00:30:00+08:00');
  for (let i = 0; i < 90; i += 1) {
    const caseId = `AT${i}`;
    const reportedAt = start + i * 0.75 * HOUR;
    const add = (type: CaseEvent['type'], hours: number, extra: Partial<CaseEvent> = {}) => {
      const at = reportedAt + hours * HOUR;
      if (at <= clock.ms) events.push({ id: `${caseId}-${events.length}`, caseId, type, at: new Date(at).toISOString(), ...extra });
    };
    add('reported', 0, { category: i % 4 === 0 ? 'E.04.01' : 'E.05.02', source: 'inspector', gridCode: grids[i % grids.length] });
    if (i % 9 === 8) {
      add('cancelled', 0.2);
      continue;
    }
    add('registered', 0.1);
    add('dispatched', 0.3, { department: i % 2 ? '环卫处' : '城管执法支队' });
    if (i % 3 !== 2) add('handled', 2 + (i % 5) * 4);
    if (i % 3 === 0) add('closed', 3 + (i % 5) * 4);
  }
  return events;
}

const events = stream();
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: clock.now });
  // Sent in another order than their times: arrival order must not matter.
  await server.ingest([...events].reverse());
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('reads at a past instant', () => {
  it('answer what a server fed only the events at or before the instant answered then', async () => {
    for (const at of ['2026-11-26T09:20:00+08:00', '2026-11-27T00:10:00+08:00', '2026-11-27T18:45:30+08:00', '2026-11-28T15:59:00+08:00']) {
      const then = new TestClock(Date.parse(at));
      const past = await startServer({ now: then.now });
      await past.ingest(events.filter((e) => Date.parse(e.at) <= then.ms));
      const query = `at=${encodeURIComponent(at)}`;
      for (const scope of ['city', DISTRICT, STREET, COMMUNITY, gridsOf(STREET)[0]]) {
        for (const path of ['summary', 'grids', 'cases', 'case-points', 'departments', 'topic?family=E.04']) {
          const url = `/api/v1/${path}${path.includes('?') ? '&' : '?'}scope=${scope}`;
          const replayed = await server.get(`${url}&${query}`);
          expect(replayed.statusCode, `${url} ${at}`).toBe(200);
          expect(replayed.json(), `${url} ${at}`).toEqual((await past.get(url)).json());
        }
        const overdue = `/api/v1/cases?scope=${scope}&status=overdue`;
        expect((await server.get(`${overdue}&${query}`)).json()).toEqual((await past.get(overdue)).json());
      }
      await past.close();
    }
  });

  it('refuse an instant later than now, before the first event, malformed, or given with a date', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['at=2026-11-29T09:00:00%2B08:00', 400, /is later than now/],
      ['at=2026-11-20T09:00:00%2B08:00', 404, /the log starts later \(its first event is at 2026-11-25T16:30:00.000Z\)/],
      ['at=yesterday', 400, /^at "yesterday": /],
      ['at=2026-11-27T09:00:00%2B08:00&date=2026-11-27', 400, /either date or at/],
    ];
    for (const [query, status, message] of cases) {
      const reply = await server.get(`/api/v1/summary?scope=city&${query}`);
      expect(reply.statusCode, query).toBe(status);
      expect(reply.json().message, query).toMatch(message);
    }
    // A `+` typed into a URL arrives as a space: the offset still counts.
    expect((await server.get('/api/v1/summary?scope=city&at=2026-11-27T09:00:00+08:00')).statusCode).toBe(200);
  });
});
