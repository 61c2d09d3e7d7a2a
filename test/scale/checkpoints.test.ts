import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RedisEventLog } from '../../server/scale/redis-event-log';
import { caseEvents } from '../reliability/lib/case-events';
import { gridsOf, recomputed } from '../reliability/lib/recompute';
import { cluster, clusterCleanups, converged, hasRedis, ingestAll, readiness } from './lib/cluster';

const cleanups = clusterCleanups();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];
const checkpoints = (dir: string) => readdirSync(dir).filter((name) => /^checkpoint-\d+\.bin$/.test(name));

describe.skipIf(!hasRedis)('checkpoints of a scale-out node', () => {
  it('starts a node from its own checkpoint, its copy after it and the stream after that, while trimming keeps what it still needs', async () => {
    const c = await cluster(2, cleanups, { ONESCREEN_REDIS_TRIM_SECONDS: '1' });
    const [a, b] = c.nodes;
    const redis = c.redis.client();
    cleanups.push(async () => void redis.disconnect());
    const shared = new RedisEventLog(redis);
    const events = caseEvents({ cases: 600, grids, seed: 71, now: Date.now() });
    const third = Math.floor(events.length / 3);

    await ingestAll(a, events.slice(0, third));
    await converged([a, b]);
    // A clean stop writes B's checkpoint of its own copy.
    await b.stop();
    expect(checkpoints(c.dataDir(1))).toHaveLength(1);
    await ingestAll(a, events.slice(third, 2 * third));
    // What B has not stored stays in the stream while it is away.
    await expect.poll(() => redis.xlen(shared.stream), { timeout: 10_000 }).toBeGreaterThan(0);

    const back = await c.start(1);
    expect(back.output()).toMatch(/loaded checkpoint/);
    const ready = await readiness(back);
    expect(ready.status).toBe(200);
    expect((ready.body as { checkpoint?: number }).checkpoint).toBeGreaterThan(0);
    await ingestAll(back, events.slice(2 * third));
    expect(await converged([a, back])).toEqual(await recomputed(events));
    await expect.poll(() => redis.xlen(shared.stream), { timeout: 30_000 }).toBe(0);
  }, 240_000);
});
