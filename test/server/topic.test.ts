import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINOR_CATEGORIES, type EventType, type Topic } from '../../contract';
import { TOKENS, TestClock, demoCity, gridsOf, removeTempDirs, startServer, type TestServer } from './lib/harness';

const TONGLIANG = '500151';
const [BACHUAN, DONGCHENG] = demoCity().childrenOf(TONGLIANG);
const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
let server: TestServer;

/** A case: where, which category, and the lifecycle steps it went through (minutes after 09:00 on a day). */
interface Spec {
  id: string;
  grid: string;
  category: string;
  day: string;
  steps: EventType[];
}

const SPECS: Spec[] = [
  { id: 'F1', grid: gridsOf(BACHUAN)[0], category: 'E.06.01', day: '2026-11-28', steps: ['registered', 'dispatched', 'handled'] },
  { id: 'F2', grid: gridsOf(BACHUAN)[1], category: 'E.06.01', day: '2026-11-28', steps: ['registered', 'dispatched'] },
  { id: 'F3', grid: gridsOf(BACHUAN)[2], category: 'E.06.02', day: '2026-11-28', steps: ['registered', 'dispatched', 'handled', 'closed'] },
  { id: 'F4', grid: gridsOf(BACHUAN)[0], category: 'E.06.04', day: '2026-11-28', steps: [] },
  { id: 'F5', grid: gridsOf(BACHUAN)[0], category: 'E.06.05', day: '2026-11-28', steps: ['cancelled'] },
  { id: 'F6', grid: gridsOf(DONGCHENG)[0], category: 'E.06.01', day: '2026-11-28', steps: ['registered', 'dispatched', 'handled'] },
  { id: 'F7', grid: gridsOf(BACHUAN)[3], category: 'E.06.03', day: '2026-11-27', steps: ['registered', 'dispatched', 'handled'] },
  { id: 'F8', grid: gridsOf(BACHUAN)[0], category: 'E.05.02', day: '2026-11-28', steps: ['registered', 'dispatched', 'handled'] },
];

/** The topic by its definition: reports on the day (cancelled or not, as the day counts); of the day's registered cases, dispatched and handled. */
function expected(scope: string, day: string): Omit<Topic, 'scope' | 'date' | 'family'> {
  const mine = SPECS.filter((s) => s.grid.startsWith(scope) && s.category.startsWith('E.06'));
  const items = MINOR_CATEGORIES.filter((c) => c.major === 'E.06').map((c) => {
    const of = mine.filter((s) => s.category === c.code && s.day === day);
    const dispatched = of.filter((s) => s.steps.includes('dispatched')).length;
    const handled = of.filter((s) => s.steps.includes('handled')).length;
    return { code: c.code, name: c.zh, reported: of.length, dispatched, handled, handlingRate: dispatched === 0 ? null : handled / dispatched };
  });
  const sum = (key: 'reported' | 'dispatched' | 'handled') => items.reduce((n, i) => n + i[key], 0);
  return { reported: sum('reported'), dispatched: sum('dispatched'), handled: sum('handled'), handlingRate: sum('dispatched') === 0 ? null : sum('handled') / sum('dispatched'), items };
}

beforeAll(async () => {
  server = await startServer({ now: clock.now });
  const events = SPECS.flatMap(({ id, grid, category, day, steps }) => [
    { id: `${id}-0`, caseId: id, type: 'reported', at: `${day}T09:00:00+08:00`, category, source: 'safety-officer', gridCode: grid },
    ...steps.map((type, i) => ({ id: `${id}-${i + 1}`, caseId: id, type, at: `${day}T09:${String(10 * (i + 1)).padStart(2, '0')}:00+08:00` })),
  ]);
  expect((await server.ingest(events)).accepted).toBe(events.length);
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('GET /api/v1/topic', () => {
  it('gives each sub-item of a family its reports and handling rate, for any scope and retained day', async () => {
    for (const scope of [TONGLIANG, BACHUAN, DONGCHENG, gridsOf(BACHUAN)[0].slice(0, 12), gridsOf(BACHUAN)[0]]) {
      for (const date of ['2026-11-28', '2026-11-27']) {
        const reply = await server.get(`/api/v1/topic?scope=${scope}&family=E.06&date=${date}`);
        expect(reply.statusCode).toBe(200);
        expect(reply.json<Topic>()).toEqual({ scope, date, family: 'E.06', ...expected(scope, date) });
      }
    }
    const today = (await server.get(`/api/v1/topic?scope=${TONGLIANG}&family=E.06`)).json<Topic>();
    expect(today).toMatchObject({ date: '2026-11-28', reported: 6, dispatched: 4, handled: 3, handlingRate: 0.75 });
  });

  it('refuses a family the catalogue lacks, and scopes the token may not read', async () => {
    const bad = await server.get(`/api/v1/topic?scope=${TONGLIANG}&family=E.99`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('"E.99" is not a major category of the catalogue (e.g. E.06)');
    const missing = await server.get(`/api/v1/topic?scope=${TONGLIANG}`);
    expect(missing.statusCode).toBe(400);
    const other = await server.get(`/api/v1/topic?scope=${TONGLIANG}&family=E.06`, TOKENS.leader);
    expect(other.statusCode).toBe(403);
  });
});
