import { describe, expect, it } from 'vitest';
import { caseEvents } from '../reliability/lib/case-events';
import { gridsOf, recomputed } from '../reliability/lib/recompute';
import { cluster, clusterCleanups, converged, hasRedis, ingestAll, readiness } from './lib/cluster';

const cleanups = clusterCleanups();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];

describe.skipIf(!hasRedis)('a node starting while Redis is away', () => {
  it('stays up and "replaying" until Redis is back, then catches up with the right numbers', async () => {
    const c = await cluster(2, cleanups);
    const [a, b] = c.nodes;
    const events = caseEvents({ cases: 600, grids, seed: 71, now: Date.now() });
    const half = events.findIndex((e, i) => i >= events.length / 2 && e.type === 'reported');
    await ingestAll(a, events.slice(0, half));
    await converged(c.nodes);
    // B goes down holding the first half; A takes the second half; then Redis goes down too.
    await b.stop();
    await ingestAll(a, events.slice(half));
    await c.redis.stop();

    // B restarts from its own copy while Redis is away: it listens, keeps retrying, and says it is not ready yet.
    const again = await c.start(1, false);
    // What it holds: its clean stop's checkpoint of its copy, and whatever of the copy came after it.
    const held = async () => {
      const { body } = await readiness(again);
      return (body.checkpoint ?? 0) + body.events;
    };
    await expect.poll(held, { timeout: 30_000 }).toBeGreaterThanOrEqual(half);
    const waiting = await readiness(again);
    expect(waiting.status).toBe(503);
    expect(waiting.body.status).toBe('replaying');
    await expect.poll(() => again.output(), { timeout: 30_000 }).toMatch(/cannot reach Redis \(ONESCREEN_REDIS_URL\).*retrying/);
    expect(again.process.exitCode).toBeNull();

    await c.redis.restart();
    await expect.poll(async () => (await readiness(again)).body.status, { timeout: 60_000 }).toBe('ready');
    expect(await converged(c.nodes)).toEqual(await recomputed(events));
  }, 300_000);

  it('starts with Redis never seen, and becomes ready once it appears', async () => {
    const c = await cluster(1, cleanups);
    const events = caseEvents({ cases: 200, grids, seed: 72, now: Date.now() });
    await ingestAll(c.nodes[0], events);
    await c.nodes[0].stop();
    await c.redis.stop();
    // A node with an empty data directory has nothing to show until it has read the stream.
    const fresh = await c.start(1, false);
    await expect.poll(() => fresh.output(), { timeout: 30_000 }).toMatch(/cannot reach Redis/);
    expect((await readiness(fresh)).body).toMatchObject({ status: 'replaying', events: 0 });
    await c.redis.restart();
    await expect.poll(async () => (await readiness(fresh)).body.status, { timeout: 60_000 }).toBe('ready');
    expect(await converged([fresh])).toEqual(await recomputed(events));
  }, 300_000);
});
