import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLiveStore } from '../../client/stores/live';
import type { Evaluation, GridRow, Summary } from '../../contract';
import { DISTRICT_A, LiveClient, TOKENS, at, getJson, iso, lifecycle, placesIn, postEvents, refusal, reported, startServer, type LiveServer } from './live-harness';

const HOUR = 3_600_000;
const clock = { ms: at('2026-11-28T16:00:00') };
const START = at('2026-11-27T06:00:00');
const a = placesIn(DISTRICT_A);
let server: LiveServer;

/** Thirty hours of cases in a street, registered, dispatched, some handled and closed, some overdue. */
function stream() {
  const events = [];
  for (let i = 0; i < 60; i += 1) {
    const t = START + i * 0.5 * HOUR;
    const id = `RP${i}`;
    events.push(reported(id, a.grids[i % a.grids.length], t, i % 3 === 0 ? 'E.04.01' : 'E.05.02'), lifecycle(id, 'registered', t + 60_000), lifecycle(id, 'dispatched', t + 120_000));
    if (i % 2 === 0) events.push(lifecycle(id, 'handled', t + 2 * HOUR));
    if (i % 4 === 0) events.push(lifecycle(id, 'closed', t + 3 * HOUR));
  }
  return events.filter((e) => Date.parse(e.at) <= clock.ms);
}

/** What a wall's store holds after the messages a client got: the same merge the wall does. */
function merged(client: LiveClient): Summary | null {
  setActivePinia(createPinia());
  const store = useLiveStore();
  for (const message of client.messages) {
    if (message.kind === 'snapshot') store.applySnapshot(message.body);
    if (message.kind === 'delta') store.applyDelta(message.body);
  }
  return store.summary;
}

const summaryAt = (scope: string, instant: string) => getJson<Summary>(server.url, `/api/v1/summary?scope=${scope}&at=${encodeURIComponent(instant)}`);

beforeAll(async () => {
  server = await startServer({ now: () => clock.ms, live: { replayMax: 2 } });
  await postEvents(server.url, stream());
});
afterAll(async () => {
  await server.close();
});

describe('replaying walls', () => {
  it('open at a past instant, paused, with the figures of that instant', async () => {
    const from = iso(START + 9.25 * HOUR);
    const client = new LiveClient(server.url, { token: TOKENS.wall, scope: DISTRICT_A, replay: { from, speed: 0 } });
    const snapshot = await client.waitFor('snapshot');
    expect(snapshot.replay).toEqual({ at: from, speed: 0, until: iso(clock.ms) });
    expect(snapshot.summary).toEqual(await summaryAt(DISTRICT_A, from));
    expect(snapshot.grids).toEqual(await getJson<GridRow[]>(server.url, `/api/v1/grids?scope=${DISTRICT_A}&at=${encodeURIComponent(from)}`));
    const evaluation = await getJson<Evaluation>(server.url, `/api/v1/evaluation?scope=${DISTRICT_A}&period=2026-11&asOf=${encodeURIComponent(from)}`);
    expect(snapshot.evaluation.figures.due).toBe(evaluation.due);
    expect(snapshot.evaluation.figures.registered).toBe(evaluation.registered);
    // Paused: its heartbeats keep the same instant.
    const mark = client.mark();
    expect((await client.waitFor('heartbeat', () => true, mark)).replay?.at).toBe(from);
    client.close();
  });

  it('play forward at speed, the numbers following the clock, pause, seek back and stay exact', async () => {
    const from = START + 2 * HOUR;
    const client = new LiveClient(server.url, { token: TOKENS.wall, scope: a.street, replay: { from: iso(from), speed: 3600 } });
    await client.waitFor('snapshot');
    // 3,600× a 100 ms tick: six minutes of the past a tick.
    await client.waitFor('delta', (d) => Date.parse(d.replay?.at ?? '') >= from + 3 * HOUR);
    client.socket.emit('play', 0);
    const paused = await client.waitFor('heartbeat', (h) => h.replay?.speed === 0, client.mark());
    const instant = paused.replay?.at ?? '';
    expect(Date.parse(instant)).toBeGreaterThan(from + 3 * HOUR);
    expect(merged(client)).toEqual({ ...(await summaryAt(a.street, instant)), asOf: merged(client)?.asOf });

    const back = iso(from + HOUR);
    const mark = client.mark();
    client.socket.emit('seek', back);
    const snapshot = await client.waitFor('snapshot', () => true, mark);
    expect(snapshot.replay?.at).toBe(back);
    expect(snapshot.summary).toEqual(await summaryAt(a.street, back));
    client.close();
  });

  it('stop at now, and refuse a start later than now, before the log, malformed, or past the most at once', async () => {
    const client = new LiveClient(server.url, { token: TOKENS.wall, scope: DISTRICT_A, replay: { from: iso(clock.ms - 60_000), speed: 3600 } });
    const end = await client.waitFor('heartbeat', (h) => h.replay?.speed === 0);
    expect(end.replay?.at).toBe(iso(clock.ms));
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: iso(clock.ms + HOUR) } })).toMatch(/is later than now/);
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: '2026-01-01T00:00:00+08:00' } })).toMatch(/the log starts later/);
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: 'yesterday' } })).toMatch(/^replay.from "yesterday": /);
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: iso(START), speed: 9999 } })).toMatch(/replay.speed must be a number from 0 \(paused\) to 3600/);
    expect(await refusal(server.url, { token: TOKENS.leaderA, scope: 'city', replay: { from: iso(START) } })).toMatch(/cannot read the whole city/);
    const second = new LiveClient(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: iso(START), speed: 0 } });
    await second.waitFor('snapshot');
    expect(await refusal(server.url, { token: TOKENS.wall, scope: 'city', replay: { from: iso(START) } })).toMatch(/2 replays are running, the most this server runs at once \(ONESCREEN_REPLAY_MAX\)/);
    client.close();
    second.close();
  });
});
