import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../contract';
import { Clock, DISTRICT_A, TOKENS, at, connected, demoCity, placesIn, postEvents, reported, startServer, type LiveServer } from './live-harness';

const DAY = 86_400_000;

describe('live push with an injected clock: surge alerts', () => {
  const clock = new Clock(at('2026-11-28T10:00:00'));
  let server: LiveServer;
  beforeAll(async () => {
    server = await startServer({ now: clock.now });
  });
  afterAll(async () => {
    await server.close();
  });

  it('raises a surge when the last hour reaches 3× the 7-day mean for that hour, and clears it when it falls back', async () => {
    const a = placesIn(DISTRICT_A);
    const grid = a.grids[0];
    // One report a day at 09:30 over the previous week: the baseline for 09:00–10:00 is 1.
    await postEvents(
      server.url,
      Array.from({ length: 7 }, (_, d) => reported(`BASE-${d}`, grid, at('2026-11-28T09:30:00') - (d + 1) * DAY)),
    );
    const street = await connected(server.url, TOKENS.leaderA, a.street);
    const mark = street.mark();
    const surges = (d: { alerts?: Alert[] }): Alert[] => (d.alerts ?? []).filter((x) => x.kind === 'surge');

    // Four reports this hour: under the minimum of 5, no surge.
    await postEvents(server.url, [10, 20, 30, 40].map((m) => reported(`HOT-${m}`, grid, at(`2026-11-28T09:${m}:00`))));
    await street.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'HOT-40') ?? false, mark);
    expect(street.of('delta', mark).flatMap(surges)).toEqual([]);

    // Six: 6 ≥ 5 and 6 ≥ 3 × 1, for the grid and for its street.
    await postEvents(server.url, [50, 55].map((m) => reported(`HOT-${m}`, grid, at(`2026-11-28T09:${m}:00`))));
    const raised = await street.waitFor('delta', (d) => surges(d).length >= 2, mark);
    const byScope = new Map(surges(raised).map((x) => [x.scope, x]));
    const gridName = demoCity().nameOf(grid) ?? grid;
    const streetName = demoCity().nameOf(a.street) ?? a.street;
    expect(byScope.get(grid)).toMatchObject({ state: 'raised', level: 'grid', count: 6 });
    expect(byScope.get(grid)?.message).toContain(`${gridName}`);
    expect(byScope.get(a.street)).toMatchObject({ state: 'raised', level: 'street', count: 6, name: streetName });
    expect(byScope.get(a.street)?.message).toBe(`${streetName} 近1小时上报 6 件，为近7日同时段均值的 6.0 倍`);
    const resync = street.mark();
    street.socket.emit('resync');
    const listed = (await street.waitFor('snapshot', () => true, resync)).alerts.filter((x) => x.kind === 'surge');
    expect(listed.map((x) => x.scope).sort()).toEqual([grid, a.street].sort());

    // An hour later the window is empty again: both clear, with the ids they were raised with.
    clock.ms = at('2026-11-28T11:05:00');
    const cleared = await street.waitFor('delta', (d) => surges(d).filter((x) => x.state === 'cleared').length >= 2, resync);
    expect(surges(cleared).map((x) => [x.id, x.state]).sort()).toEqual(
      [...byScope.values()].map((x) => [x.id, 'cleared']).sort(),
    );
    street.close();
  });
});

describe('live push with an injected clock: surge baseline across a restart', () => {
  const clock = new Clock(at('2026-11-28T10:00:00'));
  const servers: LiveServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('takes the last week and the last hour from the rebuilt aggregator', async () => {
    const a = placesIn(DISTRICT_A);
    const grid = a.grids[5];
    const first = await startServer({ now: clock.now });
    servers.push(first);
    await postEvents(first.url, [
      ...Array.from({ length: 7 }, (_, d) => reported(`WEEK-${d}`, grid, at('2026-11-28T09:30:00') - (d + 1) * DAY)),
      ...[10, 20, 30, 40].map((m) => reported(`HOUR-${m}`, grid, at(`2026-11-28T09:${m}:00`))),
    ]);
    await first.app.close();

    const second = await startServer({ now: clock.now, dataDir: first.dataDir });
    servers.push(second);
    const street = await connected(second.url, TOKENS.leaderA, a.street);
    const mark = street.mark();
    // The fifth report of the hour: a surge only if the four before the restart still count,
    // and "5.0 倍" only if the week before it does too.
    await postEvents(second.url, [reported('HOUR-50', grid, at('2026-11-28T09:50:00'))]);
    const delta = await street.waitFor('delta', (d) => d.alerts?.some((x) => x.kind === 'surge' && x.scope === grid) ?? false, mark);
    const surge = delta.alerts?.find((x) => x.kind === 'surge' && x.scope === grid);
    expect(surge?.count).toBe(5);
    expect(surge?.message).toMatch(/近1小时上报 5 件，为近7日同时段均值的 5\.0 倍$/);
    street.close();
  });
});
