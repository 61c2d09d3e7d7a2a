import { describe, expect, it } from 'vitest';
import { EventSender } from '../../mock/http/event-sender';
import { TOKENS } from '../server/lib/harness';
import { caseEvents } from '../reliability/lib/case-events';
import { httpGetter } from '../reliability/lib/figures';
import { postEvents } from '../reliability/lib/ingest-client';
import { gridsOf, recomputed } from '../reliability/lib/recompute';
import { cluster, clusterCleanups, converged, hasRedis, ingestAll } from './lib/cluster';
import { liveClient } from './lib/live-client';

const cleanups = clusterCleanups();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];

describe.skipIf(!hasRedis)('scale-out over a Redis Stream', () => {
  it('shows an event posted to node A to socket.io clients of node B with the same numbers, and counts a re-send to B once', async () => {
    const { nodes } = await cluster(2, cleanups);
    const [a, b] = nodes;
    const client = await liveClient(b.url, TOKENS.wall, 'city');
    const before = client.latest().reported;
    const events = caseEvents({ cases: 40, grids, seed: 51, now: Date.now(), spanMs: 60 * 60_000 });
    await ingestAll(a, events);
    const reported = (await httpGetter(a.url, TOKENS.wall)('/api/v1/summary?scope=city')) as { reported: number };
    expect(reported.reported).toBe(before + 40);
    await expect.poll(() => client.latest().reported, { timeout: 30_000 }).toBe(reported.reported);
    client.close();

    const again = await postEvents(b.url, TOKENS.ingest, events);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: events.length, rejected: [] });
    const changed = { ...events[0], at: new Date(Date.parse(events[0].at) - 60_000).toISOString() };
    const conflict = await postEvents(b.url, TOKENS.ingest, [changed]);
    expect(conflict.body.rejected[0].error).toMatch(/conflicts with the stored event .*`at`/);

    expect(await converged(nodes)).toEqual(await recomputed(events));
  }, 240_000);

  it('lets a node killed with -9 catch up on what it missed when it comes back', async () => {
    const c = await cluster(2, cleanups);
    const [a, b] = c.nodes;
    const events = caseEvents({ cases: 600, grids, seed: 52, now: Date.now() });
    await ingestAll(a, events.slice(0, 500));
    await b.kill9();
    await ingestAll(a, events.slice(500));
    await c.start(1);
    expect(await converged(c.nodes)).toEqual(await recomputed(events));
  }, 240_000);

  it('rides out a Redis crash: nodes reconnect and catch up, nothing lost or counted twice', async () => {
    // No trimming here: the stream's length is how the test counts what was appended.
    const c = await cluster(2, cleanups, { ONESCREEN_REDIS_TRIM_SECONDS: '0' });
    const [a, b] = c.nodes;
    const events = caseEvents({ cases: 1500, grids, seed: 53, now: Date.now() });
    // Half the events to each node, through the simulator's sender, which resends whatever was not acknowledged.
    const senders = [a, b].map(
      (node) => new EventSender({ target: node.url, token: TOKENS.ingest, batchSize: 100, concurrency: 2, retryBaseMs: 50, retryMaxMs: 400, statusEveryMs: 0, log: () => undefined }),
    );
    let answered = 0;
    const crashed = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        answered = senders.reduce((sum, s) => sum + s.stats().sent, 0);
        if (answered >= 600) {
          clearInterval(check);
          resolve(c.redis.kill9());
        }
      }, 20);
    });
    senders[0].push(events.filter((_, i) => i % 2 === 0));
    senders[1].push(events.filter((_, i) => i % 2 === 1));
    await crashed;
    // Ingest is refused with a clear 503 while Redis is down; reads go on.
    // (A new event: one already sent is answered from the node's own copy, Redis or not.)
    const unsent = caseEvents({ cases: 1, grids, seed: 54, now: Date.now(), prefix: 'unsent' }).slice(0, 1);
    const refused = await postEvents(a.url, TOKENS.ingest, unsent);
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/shared event log \(Redis\) cannot be written.*send it again/);
    expect((await fetch(`${b.url}/api/v1/summary?scope=city`, { headers: { authorization: `Bearer ${TOKENS.wall}` } })).status).toBe(200);
    await c.redis.restart();
    for (const sender of senders) await sender.flush();
    const stats = senders.map((s) => s.stats());
    expect(stats.reduce((sum, s) => sum + s.rejected + s.refused, 0)).toBe(0);
    const redis = c.redis.client();
    cleanups.push(async () => void redis.disconnect());
    expect(await redis.xlen('onescreen:events')).toBe(events.length);
    expect(await converged(c.nodes)).toEqual(await recomputed(events));
  }, 300_000);
});
