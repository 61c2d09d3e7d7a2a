import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLiveStore } from '../../client/stores/live';
import type { Evaluation, GridRow, Summary } from '../../contract';
import { DISTRICT_A, LiveClient, TOKENS, at, getJson, iso, lifecycle, placesIn, postEvents, refusal, reported, startServer, type LiveServer } from './live-harness';

const HOUR = 3_600_000;
const clock = { ms: at('2026-11-28T16:00:00') };
const START = at('2026-11-10T06:00:00');
const a = placesIn(DISTRICT_A);
/** Two days retained (2026-11-27 on), restarted once so that what it forgot is gone from memory. */
let short: LiveServer;
/** Every day retained: the reference. */
let long: LiveServer;

/** Eighteen days of cases in a street: most closed within hours (forgotten by the short server), some left open. */
function stream() {
  const events = [];
  for (let i = 0; i < 144; i += 1) {
    const t = START + i * 3 * HOUR;
    const id = `RB${i}`;
    events.push(reported(id, a.grids[i % a.grids.length], t, i % 3 === 0 ? 'E.04.01' : 'E.05.02'), lifecycle(id, 'registered', t + 60_000), lifecycle(id, 'dispatched', t + 120_000));
    if (i % 2 === 0) events.push(lifecycle(id, 'handled', t + 2 * HOUR));
    if (i % 5 !== 4) events.push(lifecycle(id, 'closed', t + 3 * HOUR));
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

const reference = <T>(path: string) => getJson<T>(long.url, path);
const summaryAt = (scope: string, instant: string) => reference<Summary>(`/api/v1/summary?scope=${scope}&at=${encodeURIComponent(instant)}`);

beforeAll(async () => {
  const first = await startServer({ now: () => clock.ms, retentionDays: 2 });
  await postEvents(first.url, stream());
  await first.close(false);
  short = await startServer({ dataDir: first.dataDir, now: () => clock.ms, retentionDays: 2 });
  long = await startServer({ now: () => clock.ms, retentionDays: 3660 });
  await postEvents(long.url, stream());
});
afterAll(async () => {
  await short.close();
  await long.close();
});

describe('a replaying wall before the retained window', () => {
  it('opens, plays, pauses and seeks with the figures a server retaining every day shows', async () => {
    const from = iso(START + 4 * 24 * HOUR + 1.5 * HOUR);
    const client = new LiveClient(short.url, { token: TOKENS.wall, scope: a.street, replay: { from, speed: 3600 } });
    const snapshot = await client.waitFor('snapshot');
    expect(snapshot.replay?.at).toBe(from);
    expect(snapshot.summary).toEqual(await summaryAt(a.street, from));
    expect(snapshot.summary.reported).toBeGreaterThan(0);
    expect(snapshot.grids).toEqual(await reference<GridRow[]>(`/api/v1/grids?scope=${a.street}&at=${encodeURIComponent(from)}`));
    const evaluation = await reference<Evaluation>(`/api/v1/evaluation?scope=${a.street}&period=2026-11&asOf=${encodeURIComponent(from)}`);
    expect(snapshot.evaluation.figures.registered).toBe(evaluation.registered);
    expect(snapshot.evaluation.figures.due).toBe(evaluation.due);
    expect(snapshot.evaluation.figures.closed).toBe(evaluation.closed);

    // 3,600× a 100 ms tick: six minutes of the past a tick.
    await client.waitFor('delta', (d) => Date.parse(d.replay?.at ?? '') >= Date.parse(from) + 3 * HOUR);
    client.socket.emit('play', 0);
    const paused = await client.waitFor('heartbeat', (h) => h.replay?.speed === 0, client.mark());
    const instant = paused.replay?.at ?? '';
    expect(merged(client)).toEqual({ ...(await summaryAt(a.street, instant)), asOf: merged(client)?.asOf });

    const back = iso(START + 2 * 24 * HOUR);
    const mark = client.mark();
    client.socket.emit('seek', back);
    const sought = await client.waitFor('snapshot', () => true, mark);
    expect(sought.replay?.at).toBe(back);
    expect(sought.summary).toEqual(await summaryAt(a.street, back));
    client.close();
  });

  it('is refused before the log’s first event, saying so', async () => {
    expect(await refusal(short.url, { token: TOKENS.wall, scope: 'city', replay: { from: '2026-11-01T00:00:00+08:00' } })).toMatch(/the log starts later \(its first event is at 2026-11-09T22:00:00.000Z\)/);
  });
});
