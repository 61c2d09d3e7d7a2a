import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Summary } from '../../contract';
import {
  Clock,
  DISTRICT_A,
  DISTRICT_B,
  TOKENS,
  at,
  connected,
  demoCity,
  getJson,
  iso,
  lifecycle,
  placesIn,
  postEvents,
  reported,
  startServer,
  type LiveServer,
} from './live-harness';

describe('live push with an injected clock: midnight', () => {
  const clock = new Clock(at('2026-11-27T23:58:00'));
  let server: LiveServer;
  beforeAll(async () => {
    server = await startServer({ now: clock.now });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends every room a snapshot of the new day at local midnight, equal to REST', async () => {
    const a = placesIn(DISTRICT_A);
    await postEvents(server.url, [reported('NIGHT-1', a.grids[0], at('2026-11-27T23:50:00'))]);
    const city = await connected(server.url, TOKENS.wall, 'city');
    const street = await connected(server.url, TOKENS.leaderA, a.street);
    const other = await connected(server.url, TOKENS.wall, DISTRICT_B);
    const mark = [city, street, other].map((c) => c.mark());
    await city.waitFor('heartbeat', () => true, mark[0]);
    expect(city.of('snapshot')[0].date).toBe('2026-11-27');
    expect(street.of('snapshot')[0].summary.reported).toBe(1);

    clock.ms = at('2026-11-28T00:00:05');
    const snapshots = await Promise.all([city, street, other].map((c, i) => c.waitFor('snapshot', (s) => s.date === '2026-11-28', mark[i])));
    for (const snapshot of snapshots) expect(snapshot.summary.date).toBe('2026-11-28');
    const [citySnap, streetSnap] = snapshots;
    expect(streetSnap.summary.reported).toBe(0);
    expect(streetSnap.summary.open).toBe(1);
    expect(streetSnap.grids.find((row) => row[0] === a.grids[0])).toEqual([a.grids[0], 0, 1, 0]);
    const rest = await getJson<Summary>(server.url, '/api/v1/summary?scope=city');
    expect(citySnap.summary).toEqual(rest);
    for (const client of [city, street, other]) client.close();
  });
});

describe('live push with an injected clock: overdue alerts', () => {
  const clock = new Clock(at('2026-11-28T10:00:00'));
  let server: LiveServer;
  beforeAll(async () => {
    server = await startServer({ now: clock.now });
  });
  afterAll(async () => {
    await server.close();
  });

  const registeredWithDeadline = (caseId: string, deadline: number) => ({
    ...lifecycle(caseId, 'registered', at('2026-11-28T09:51:00')),
    deadline: iso(deadline),
  });

  it('raises an alert when a case passes its deadline and clears it when the case is handled', async () => {
    const a = placesIn(DISTRICT_A);
    const b = placesIn(DISTRICT_B);
    await postEvents(server.url, [
      reported('LATE-1', a.grids[0], at('2026-11-28T09:50:00')),
      registeredWithDeadline('LATE-1', at('2026-11-28T10:30:00')),
    ]);
    const city = await connected(server.url, TOKENS.wall, 'city');
    const street = await connected(server.url, TOKENS.leaderA, a.street);
    const other = await connected(server.url, TOKENS.wall, b.street);
    const marks = [city, street, other].map((c) => c.mark());
    const raisedFor = (caseId: string) => (d: { alerts?: Alert[] }) =>
      d.alerts?.some((alert) => alert.state === 'raised' && alert.caseIds?.includes(caseId)) ?? false;

    clock.ms = at('2026-11-28T10:31:00');
    const deltas = await Promise.all([city, street].map((c, i) => c.waitFor('delta', raisedFor('LATE-1'), marks[i])));
    const alert = deltas[1].alerts?.find((x) => x.caseIds?.includes('LATE-1'));
    expect(alert).toMatchObject({ kind: 'overdue', state: 'raised', scope: a.grids[0], level: 'grid', count: 1 });
    expect(alert?.message).toContain('LATE-1');
    expect(alert?.message).toContain('超期');
    expect(deltas[1].summary?.overdue).toBe(1);
    const resync = street.mark();
    street.socket.emit('resync');
    expect((await street.waitFor('snapshot', () => true, resync)).alerts.map((x) => x.id)).toContain(alert?.id);

    clock.ms = at('2026-11-28T10:40:00');
    await postEvents(server.url, [lifecycle('LATE-1', 'handled', at('2026-11-28T10:39:00'))]);
    const cleared = await street.waitFor('delta', (d) => d.alerts?.some((x) => x.id === alert?.id && x.state === 'cleared') ?? false, resync);
    // Handled is still open (and so still overdue: docs/metrics.md#live-values), but the
    // department has acted.
    expect(cleared.cases?.find((c) => c.caseId === 'LATE-1')?.status).toBe('handled');
    const after = street.mark();
    street.socket.emit('resync');
    expect((await street.waitFor('snapshot', () => true, after)).alerts).toEqual([]);
    // The other district's street never heard of it.
    expect(other.of('delta', marks[2]).some((d) => (d.alerts ?? []).length > 0)).toBe(false);
    for (const client of [city, street, other]) client.close();
  });

  it('aggregates the cases of one street passing their deadline in the same tick into one alert', async () => {
    const a = placesIn(DISTRICT_A);
    const ids = ['BULK-1', 'BULK-2', 'BULK-3', 'BULK-4'];
    clock.ms = at('2026-11-28T11:00:00');
    await postEvents(
      server.url,
      ids.flatMap((id, i) => [reported(id, a.grids[i + 1], at('2026-11-28T10:50:00')), registeredWithDeadline(id, at('2026-11-28T11:30:00'))]),
    );
    const district = await connected(server.url, TOKENS.leaderA, DISTRICT_A);
    const mark = district.mark();
    clock.ms = at('2026-11-28T11:31:00');
    const delta = await district.waitFor('delta', (d) => d.alerts?.some((x) => x.level === 'street') ?? false, mark);
    const alerts = delta.alerts?.filter((x) => x.kind === 'overdue' && x.state === 'raised') ?? [];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ scope: a.street, level: 'street', count: 4 });
    expect([...(alerts[0].caseIds ?? [])].sort()).toEqual(ids);
    expect(alerts[0].message).toMatch(/4 件案件同时超期/);
    // Shown on the map at the street's label point.
    expect([alerts[0].lng, alerts[0].lat]).toEqual(demoCity().areas().areas.find((area) => area.code === a.street)?.center);
    district.close();
  });
});
