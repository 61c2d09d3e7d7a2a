import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLiveStore } from '../../client/stores/live';
import { parentOf, type GridRow, type Summary } from '../../contract';
import {
  DISTRICT_A,
  DISTRICT_B,
  LiveClient,
  TOKENS,
  connected,
  demoCity,
  getJson,
  lifecycle,
  placesIn,
  postEvents,
  reported,
  startServer,
  type LiveServer,
} from './live-harness';

describe('live push: snapshots and deltas per room', () => {
  let server: LiveServer;
  const clients: LiveClient[] = [];
  const a = placesIn(DISTRICT_A);
  const b = placesIn(DISTRICT_B);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const join = async (token: string, scope: string): Promise<LiveClient> => {
    const client = await connected(server.url, token, scope);
    clients.push(client);
    return client;
  };

  it('gives the wall a city snapshot equal to the REST summary and grid rows', async () => {
    await postEvents(server.url, [reported('SNAP-1', a.grids[0], Date.now() - 1000)]);
    const wall = await join(TOKENS.wall, 'city');
    // The snapshot on join may predate the event; a resync after the next tick must match REST.
    const mark = wall.mark();
    await wall.waitFor('heartbeat', () => true, mark);
    wall.socket.emit('resync');
    const snapshot = await wall.waitFor('snapshot', () => true, mark);
    const rest = await getJson<Summary>(server.url, '/api/v1/summary?scope=city');
    const grids = await getJson<GridRow[]>(server.url, '/api/v1/grids?scope=city');
    expect(snapshot.scope).toBe('city');
    expect(snapshot.date).toBe(rest.date);
    expect({ ...snapshot.summary, asOf: '' }).toEqual({ ...rest, asOf: '' });
    expect(snapshot.summary.reported).toBeGreaterThanOrEqual(1);
    expect(snapshot.grids).toEqual(grids);
    expect(snapshot.recent.map((c) => c.caseId)).toContain('SNAP-1');
  });

  it('shows a posted event in the next delta of its city, district and street rooms, and in no other district', async () => {
    const city = await join(TOKENS.wall, 'city');
    const district = await join(TOKENS.leaderA, DISTRICT_A);
    const street = await join(TOKENS.leaderA, a.street);
    const other = await join(TOKENS.wall, DISTRICT_B);
    const marks = [city, district, street, other].map((c) => c.mark());

    await postEvents(server.url, [reported('DELTA-1', a.grids[1], Date.now() - 1000)]);
    const hasCase = (delta: { cases?: Array<{ caseId: string }> }): boolean => delta.cases?.some((c) => c.caseId === 'DELTA-1') ?? false;
    const deltas = await Promise.all([city, district, street].map((c, i) => c.waitFor('delta', hasCase, marks[i])));
    for (const delta of deltas) {
      expect(delta.summary?.reported).toBeGreaterThanOrEqual(1);
      expect(delta.grids?.map((row) => row[0])).toContain(a.grids[1]);
    }
    const rest = await getJson<Summary>(server.url, `/api/v1/summary?scope=${a.street}`);
    expect(deltas[2].summary?.reported).toBe(rest.reported);

    // The other district keeps ticking (heartbeats) but never sees the case or the grid.
    const after = other.mark();
    await other.waitFor('heartbeat', () => true, after);
    const seen = other.of('delta', marks[3]);
    expect(seen.some(hasCase)).toBe(false);
    expect(seen.flatMap((d) => d.grids ?? []).some((row) => row[0] === a.grids[1])).toBe(false);
  });

  it('numbers deltas one by one per room, and heartbeats carry the last number', async () => {
    const street = await join(TOKENS.wall, b.street);
    const first = street.of('snapshot')[0].seq;
    const mark = street.mark();
    await postEvents(server.url, [reported('SEQ-1', b.grids[0], Date.now() - 1000)]);
    const delta = await street.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'SEQ-1') ?? false, mark);
    expect(delta.seq).toBe(first + 1);
    const beat = await street.waitFor('heartbeat', () => true, street.mark());
    expect(beat.seq).toBe(delta.seq);
  });

  it('answers a resync (after a gap the client noticed) with a snapshot at the current number', async () => {
    const street = await join(TOKENS.wall, a.street);
    const mark = street.mark();
    await postEvents(server.url, [reported('GAP-1', a.grids[2], Date.now() - 1000)]);
    const dropped = await street.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'GAP-1') ?? false, mark);
    await postEvents(server.url, [reported('GAP-2', a.grids[2], Date.now() - 1000)]);
    const next = await street.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'GAP-2') ?? false, mark);
    // The client pretends it lost `dropped`: its last applied seq is one before it.
    expect(next.seq).toBeGreaterThan(dropped.seq);
    const resync = street.mark();
    street.socket.emit('resync');
    const snapshot = await street.waitFor('snapshot', () => true, resync);
    expect(snapshot.seq).toBeGreaterThanOrEqual(next.seq);
    expect(snapshot.recent.map((c) => c.caseId)).toEqual(expect.arrayContaining(['GAP-1', 'GAP-2']));
    const rest = await getJson<Summary>(server.url, `/api/v1/summary?scope=${a.street}`);
    expect(snapshot.summary.reported).toBe(rest.reported);
  });

  it('sends only the changed children by default, and every child to the sockets that ask for all', async () => {
    const full = new LiveClient(server.url, { token: TOKENS.wall, scope: a.street, deltaChildren: 'all' });
    clients.push(full);
    const compact = await join(TOKENS.wall, a.street);
    await full.waitFor('snapshot');
    const snapshot = compact.of('snapshot')[0];
    const marks = [full.mark(), compact.mark()];
    await postEvents(server.url, [reported('CHILD-1', a.grids[5], Date.now() - 1000)]);
    const hasCase = (d: { cases?: Array<{ caseId: string }> }): boolean => d.cases?.some((c) => c.caseId === 'CHILD-1') ?? false;
    const [fullDelta, compactDelta] = await Promise.all([full.waitFor('delta', hasCase, marks[0]), compact.waitFor('delta', hasCase, marks[1])]);
    expect(compactDelta.seq).toBe(fullDelta.seq);
    expect(fullDelta.summary?.children.map((c) => c.code)).toEqual(demoCity().childrenOf(a.street));
    expect(compactDelta.summary?.children.map((c) => c.code)).toEqual([parentOf(a.grids[5])]);
    expect({ ...compactDelta.summary, children: [] }).toEqual({ ...fullDelta.summary, children: [] });
    // Merged by code into what the compact client had, the children are the full delta's.
    const merged = new Map(snapshot.summary.children.map((c) => [c.code, c]));
    for (const delta of compact.of('delta')) for (const child of delta.summary?.children ?? []) merged.set(child.code, child);
    expect([...merged.values()]).toEqual(fullDelta.summary?.children);
  });

  it('leaves a client that merges each delta (the wall and tablet store) with the REST summary of its room, children included', async () => {
    const rooms = ['city', DISTRICT_A, a.street];
    const watchers = await Promise.all(rooms.map((room) => join(TOKENS.wall, room)));
    const marks = watchers.map((w) => w.mark());
    const t = Date.now() - 5000;
    await postEvents(server.url, [reported('MERGE-1', a.grids[6], t), reported('MERGE-2', a.grids[7], t), reported('MERGE-3', b.grids[2], t)]);
    await postEvents(server.url, [lifecycle('MERGE-1', 'registered', t + 1000), lifecycle('MERGE-2', 'registered', t + 1000), reported('MERGE-4', a.grids[6], t + 1000)]);
    await postEvents(server.url, [lifecycle('MERGE-1', 'closed', t + 2000), lifecycle('MERGE-3', 'cancelled', t + 2000), reported('MERGE-5', a.grids[8], t + 2000)]);
    const last = (d: { cases?: Array<{ caseId: string }> }): boolean => d.cases?.some((c) => c.caseId === 'MERGE-5') ?? false;
    await Promise.all(watchers.map((w, i) => w.waitFor('delta', last, marks[i])));
    // A heartbeat after that: nothing changed since, so REST answers for the same moment.
    await Promise.all(watchers.map((w) => w.waitFor('heartbeat', () => true, w.mark())));
    for (const [i, watcher] of watchers.entries()) {
      setActivePinia(createPinia());
      const store = useLiveStore();
      for (const message of watcher.messages) {
        if (message.kind === 'snapshot') store.applySnapshot(message.body);
        if (message.kind === 'delta') expect(store.applyDelta(message.body)).toBe('applied');
      }
      // The deltas listed only some children: the merge is what completes them.
      const childCount = watcher.of('snapshot')[0].summary.children.length;
      expect(watcher.of('delta', marks[i]).some((d) => d.summary && d.summary.children.length < childCount)).toBe(true);
      const rest = await getJson<Summary>(server.url, `/api/v1/summary?scope=${rooms[i]}`);
      expect({ ...store.summary, asOf: '' }).toEqual({ ...rest, asOf: '' });
    }
  });

  it('lists at most 50 cases in a delta, the newest first, and a room elsewhere still gets its older one', async () => {
    const city = await join(TOKENS.wall, 'city');
    const other = await join(TOKENS.wall, b.street);
    const marks = [city.mark(), other.mark()];
    const t = Date.now() - 5000;
    // A district of its own, so later tests find their grids untouched.
    const c = placesIn('500106');
    // The other street's case comes first: the city's list is full long before it is reached.
    const events = [reported('CAP-B', b.grids[3], t)];
    for (let i = 1; i <= 60; i += 1) events.push(reported(`CAP-${i}`, c.grids[i % c.grids.length], t + i * 50));
    await postEvents(server.url, events);
    const inBatch = (d: { cases?: Array<{ caseId: string }> }): boolean => d.cases?.some((c) => c.caseId.startsWith('CAP-')) ?? false;
    const [cityDelta, otherDelta] = await Promise.all([city.waitFor('delta', inBatch, marks[0]), other.waitFor('delta', inBatch, marks[1])]);
    const listed = cityDelta.cases?.map((c) => c.caseId) ?? [];
    expect(listed).toHaveLength(50);
    expect(listed.slice(0, 2)).toEqual(['CAP-60', 'CAP-59']);
    expect(listed.at(-1)).toBe('CAP-11');
    expect(otherDelta.cases?.map((c) => c.caseId)).toEqual(['CAP-B']);
  });

  it('reports its sockets, rooms and messages in /metrics', async () => {
    const street = await join(TOKENS.wall, b.street);
    const mark = street.mark();
    await postEvents(server.url, [reported('METRICS-1', b.grids[1], Date.now() - 1000)]);
    await street.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'METRICS-1') ?? false, mark);
    await street.waitFor('heartbeat', () => true, street.mark());
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.wall}` } });
    const text = await response.text();
    const value = (name: string): number => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1));
    expect(value('onescreen_live_sockets')).toBe(server.app.live.push.stats().sockets);
    expect(value('onescreen_live_rooms')).toBeGreaterThanOrEqual(1);
    expect(value('onescreen_live_messages_total{kind="delta"}')).toBeGreaterThan(0);
    expect(value('onescreen_live_messages_total{kind="heartbeat"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^onescreen_live_tick_seconds_count \d+$/m);
  });

  it('gives a grid scope a room of its own', async () => {
    const grid = await join(TOKENS.leaderA, a.grids[3]);
    const mark = grid.mark();
    await postEvents(server.url, [reported('GRID-1', a.grids[3], Date.now() - 1000), reported('GRID-2', a.grids[4], Date.now() - 1000)]);
    const delta = await grid.waitFor('delta', (d) => d.cases?.some((c) => c.caseId === 'GRID-1') ?? false, mark);
    expect(delta.grids).toEqual([[a.grids[3], 1, 1, 0]]);
    expect(delta.cases?.map((c) => c.caseId)).toEqual(['GRID-1']);
    expect(delta.summary?.scope).toBe(a.grids[3]);
  });
});
