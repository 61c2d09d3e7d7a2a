import { afterAll, describe, expect, it } from 'vitest';
import { TestClock, removeTempDirs, sampleGrids, startServer, tempDir, type TestServer } from './lib/harness';

const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const grids = sampleGrids();

afterAll(removeTempDirs);

/** A day and a half of cases across two districts, in all lifecycle states. */
function history(): unknown[] {
  const events: unknown[] = [];
  const gridList = [grids.a1, grids.a2, grids.b1, grids.other];
  const categories = ['E.05.02', 'C.01.01', 'E.06.01', 'E.01.01'];
  for (let i = 0; i < 60; i++) {
    const caseId = `R${i}`;
    const reportedAt = Date.parse('2026-11-27T08:00:00+08:00') + i * 47 * 60_000;
    const at = (minutes: number) => new Date(reportedAt + minutes * 60_000).toISOString();
    events.push({
      id: `${caseId}-1`,
      caseId,
      type: 'reported',
      at: at(0),
      category: categories[i % 4],
      source: i % 3 === 0 ? 'hotline' : 'inspector',
      gridCode: gridList[i % 4],
    });
    if (i % 7 === 6) {
      events.push({ id: `${caseId}-x`, caseId, type: 'cancelled', at: at(5) });
      continue;
    }
    events.push({ id: `${caseId}-2`, caseId, type: 'registered', at: at(3) });
    if (i % 5 === 4) continue;
    events.push({ id: `${caseId}-3`, caseId, type: 'dispatched', at: at(10), department: i % 2 ? '市政设施处' : undefined });
    if (i % 3 === 2) continue;
    events.push({ id: `${caseId}-4`, caseId, type: 'handled', at: at(60 + i * 7) });
    if (i % 4 === 1) events.push({ id: `${caseId}-5`, caseId, type: 'reworked', at: at(90 + i * 7) });
    if (i % 2 === 0) events.push({ id: `${caseId}-6`, caseId, type: 'closed', at: at(120 + i * 7) });
  }
  return events.filter((e) => Date.parse((e as { at: string }).at) <= clock.ms);
}

async function everything(server: TestServer): Promise<unknown[]> {
  const answers: unknown[] = [];
  const scopes = ['city', '500103', '500105', grids.streetA, grids.streetB, grids.a1, grids.a2, grids.b1, grids.other];
  for (const scope of scopes) {
    for (const date of ['2026-11-27', '2026-11-28']) answers.push(await server.summary(scope, date));
    answers.push((await server.get(`/api/v1/grids?scope=${scope}`)).json());
    for (const status of ['open', 'overdue']) answers.push((await server.get(`/api/v1/cases?scope=${scope}&status=${status}&limit=500`)).json());
  }
  for (const date of ['2026-11-27', '2026-11-28']) answers.push((await server.get(`/api/v1/departments?date=${date}`)).json());
  return answers;
}

describe('restart', () => {
  it('rebuilds every summary, grid row, case list and ranking exactly from the log', async () => {
    const dataDir = tempDir();
    // No checkpoint: the second start replays the whole log (checkpoints.test.ts starts from one).
    const checkpoint = { minutes: 0, events: 0 };
    const first = await startServer({ dataDir, now: clock.now, checkpoint });
    const events = history();
    for (let i = 0; i < events.length; i += 25) {
      const result = await first.ingest(events.slice(i, i + 25));
      expect(result.rejected).toEqual([]);
    }
    const before = await everything(first);
    expect((before[0] as { reported: number }).reported).toBeGreaterThan(0);
    await first.close();

    const second = await startServer({ dataDir, now: clock.now, checkpoint });
    expect(second.app.replay.events).toBe(events.length);
    expect((await second.get('/readyz', '')).json()).toMatchObject({ status: 'ready', events: events.length });
    expect(await everything(second)).toEqual(before);
    await second.close();
  });
});
