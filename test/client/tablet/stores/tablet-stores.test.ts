import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../../../contract';
import { createApi, type Api } from '../../../../client/composables/use-api';
import { useLiveStore } from '../../../../client/stores/live';
import { useTabletSessionStore } from '../../../../client/tablet/stores/tablet-session';
import { useTabletSummaryStore } from '../../../../client/tablet/stores/tablet-summary';
import { TOKENS, TestClock, removeTempDirs, sampleGrids, startServer, type TestServer } from '../../../server/lib/harness';
import { snapshotOf } from '../../fixtures';

const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const grids = sampleGrids();
let server: TestServer;
let origin: string;

const report = (n: number, day: string, time: string, gridCode: string) => ({
  id: `t-${n}`,
  caseId: `T${n}`,
  type: 'reported',
  at: `${day}T${time}:00+08:00`,
  category: 'E.05.02',
  source: 'hotline',
  gridCode,
});

beforeAll(async () => {
  server = await startServer({ now: clock.now });
  await server.ingest([
    report(1, '2026-11-28', '09:00', grids.a1),
    report(2, '2026-11-28', '10:00', grids.a2),
    report(3, '2026-11-28', '11:00', grids.b1),
    report(4, '2026-11-27', '09:00', grids.a1),
    report(5, '2026-11-21', '09:00', grids.a1),
    report(6, '2026-11-21', '10:00', grids.a1),
    report(7, '2026-11-28', '09:30', grids.other),
  ]);
  origin = await server.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});
beforeEach(() => setActivePinia(createPinia()));

const leader = (): Api => createApi(TOKENS.leader, origin);

describe('the tablet session', () => {
  it('knows what a leader token reads, with names and extents, and refuses the rest before asking', async () => {
    const session = useTabletSessionStore();
    await session.load(leader());
    expect(session.me?.districts).toEqual([{ code: '500103', name: '渝中区' }]);
    expect(session.canRead('500103')).toBe(true);
    expect(session.canRead(grids.streetA)).toBe(true);
    expect(session.canRead(grids.a1)).toBe(true);
    expect(session.canRead('500105')).toBe(false);
    expect(session.canRead(grids.other)).toBe(false);
    expect(session.canRead('city')).toBe(false);
    expect(session.nameOf('500103')).toBe('渝中区');
    expect(session.nameOf('500105')).toBe('江北区');
    const grid = session.extentOf(grids.a1);
    const street = session.extentOf(grids.streetA);
    expect(grid && street && grid.bbox[0] >= street.bbox[0] && grid.bbox[2] <= street.bbox[2]).toBe(true);
  });

  it('lets a city-wide token read everything and reports an unknown token', async () => {
    const admin = useTabletSessionStore();
    await admin.load(createApi(TOKENS.admin, origin));
    expect(admin.canRead('city')).toBe(true);
    expect(admin.canRead('500105')).toBe(true);
    setActivePinia(createPinia());
    const stranger = useTabletSessionStore();
    await stranger.load(createApi('no-such-token-000000000', origin));
    expect(stranger.me).toBeNull();
    expect(stranger.error).toBe('401 unknown token');
  });
});

describe('the tablet figures', () => {
  it('show today’s REST summary until the live room’s arrives, with yesterday and last week to compare', async () => {
    const figures = useTabletSummaryStore();
    await figures.select(leader(), { scope: '500103', date: null });
    const rest: Summary = await server.summary('500103');
    expect(figures.summary).toEqual(rest);
    expect(figures.summary?.reported).toBe(3);
    expect(figures.isLive).toBe(true);
    expect(figures.overdue).toEqual([]);
    expect(figures.open.map((c) => c.caseId).sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);

    await figures.loadReferences(leader(), '500103', '2026-11-28', null, 'Asia/Shanghai');
    expect(figures.previous?.date).toBe('2026-11-27');
    expect(figures.previous?.reported).toBe(1);
    expect(figures.lastWeek?.date).toBe('2026-11-21');
    expect(figures.lastWeek?.reported).toBe(2);

    const live = useLiveStore();
    live.applySnapshot(snapshotOf(1, '2026-11-28', { scope: 'city', summary: { ...rest, scope: 'city', reported: 99 } }));
    expect(figures.summary?.reported, 'another room’s figures are never shown as this scope’s').toBe(3);
    live.applySnapshot(snapshotOf(2, '2026-11-28', { scope: '500103', summary: { ...rest, reported: 4 } }));
    expect(figures.summary?.reported).toBe(4);
  });

  it('show a past day from REST only, and drop the previous day’s figures at once', async () => {
    const figures = useTabletSummaryStore();
    const live = useLiveStore();
    await figures.select(leader(), { scope: '500103', date: null });
    live.applySnapshot(snapshotOf(1, '2026-11-28', { scope: '500103', summary: { ...(await server.summary('500103')), reported: 42 } }));
    const pending = figures.select(leader(), { scope: '500103', date: '2026-11-27' });
    expect(figures.summary, 'nothing of today while the past day loads').toBeNull();
    await pending;
    expect(figures.isLive).toBe(false);
    expect(figures.summary).toEqual(await server.summary('500103', '2026-11-27'));
    expect(figures.day).toBe('2026-11-27');
  });

  it('keep a refusal apart and show nothing for it', async () => {
    const figures = useTabletSummaryStore();
    await figures.select(leader(), { scope: '500105', date: null });
    expect(figures.summary).toBeNull();
    expect(figures.denied).toMatch(/^403 token for 渝中区 cannot read 江北区 \(500105\)$/);
    await figures.select(leader(), { scope: '500103', date: null });
    expect(figures.denied).toBeNull();
    expect(figures.summary?.scope).toBe('500103');
  });

  it('report an unreadable day as an error without losing the scope', async () => {
    const figures = useTabletSummaryStore();
    await figures.select(leader(), { scope: '500103', date: '2020-01-01' });
    expect(figures.summary).toBeNull();
    expect(figures.denied).toBeNull();
    expect(figures.error).toMatch(/^404 date 2020-01-01 is outside the retained days/);
  });
});
