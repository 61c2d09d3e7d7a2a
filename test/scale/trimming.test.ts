import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RedisEventLog } from '../../server/scale/redis-event-log';
import { TOKENS } from '../server/lib/harness';
import { caseEvents } from '../reliability/lib/case-events';
import { postEvents } from '../reliability/lib/ingest-client';
import { gridsOf, recomputed } from '../reliability/lib/recompute';
import { cluster, clusterCleanups, converged, figuresOf, hasRedis, ingestAll } from './lib/cluster';

const cleanups = clusterCleanups();

const grids = [...gridsOf('500103'), ...gridsOf('500105')];
const WEEK_MS = 7 * 24 * 3_600_000;

describe.skipIf(!hasRedis)('trimming the shared stream', () => {
  it('keeps only what some live node has not stored, lets a returning node catch up, and refuses a node without a copy', async () => {
    const c = await cluster(2, cleanups, { ONESCREEN_REDIS_TRIM_SECONDS: '1' });
    const [a] = c.nodes;
    const redis = c.redis.client();
    cleanups.push(async () => void redis.disconnect());
    const shared = new RedisEventLog(redis);
    const events = caseEvents({ cases: 400, grids, seed: 61, now: Date.now() });
    const half = events.findIndex((e, i) => i >= events.length / 2 && e.type === 'reported');
    const [first, second] = [events.slice(0, half), events.slice(half)];

    await ingestAll(a, first);
    // Both nodes have stored everything: the nodes' own timers trim the stream and the stored contents to nothing.
    await expect.poll(async () => [await redis.xlen(shared.stream), await redis.hlen(shared.contents)], { timeout: 30_000 }).toEqual([0, 0]);
    expect(await converged(c.nodes)).toEqual(await recomputed(first));

    // A trimmed event sent again is still known (each node's copy answers for it), to either node.
    const again = await postEvents(c.nodes[1].url, TOKENS.ingest, first.slice(0, 50));
    expect(again.body).toEqual({ accepted: 0, duplicates: 50, rejected: [] });
    const changed = { ...first[0], at: new Date(Date.parse(first[0].at) - 60_000).toISOString() };
    expect((await postEvents(a.url, TOKENS.ingest, [changed])).body.rejected[0].error).toMatch(/conflicts with the stored event/);

    // Node B away: what it has not stored stays in the stream, however often anyone trims.
    await c.nodes[1].kill9();
    await ingestAll(a, second);
    expect(await shared.trim(Date.now(), WEEK_MS, 10_000)).toMatchObject({ trimmed: 0 });
    expect(await redis.xlen(shared.stream)).toBe(second.length);

    const b = await c.start(1);
    expect(await converged([a, b])).toEqual(await recomputed(events));
    await expect.poll(() => redis.xlen(shared.stream), { timeout: 30_000 }).toBe(0);

    // A new node has no copy and the stream no longer starts at the beginning: it says so instead of showing partial figures.
    const fresh = await c.start(2, false);
    expect(await fresh.exited).toBe(1);
    expect(fresh.output()).toMatch(/trimmed up to .*copy stream-position and then events\.sqlite/);

    // Seeded the documented way, from a stopped node's data directory, it joins with the same figures.
    await b.stop();
    // Into an emptied data directory: the failed start left an empty log with its write-ahead files there.
    rmSync(c.dataDir(2), { recursive: true, force: true });
    mkdirSync(c.dataDir(2), { recursive: true });
    for (const file of ['stream-position', 'events.sqlite']) copyFileSync(join(c.dataDir(1), file), join(c.dataDir(2), file));
    await c.start(1);
    const seeded = await c.start(2);
    expect(await figuresOf(seeded)).toEqual(await figuresOf(a));
  }, 300_000);

  it('forgets a node silent for longer than the expiry, so it no longer holds the stream back', async () => {
    const c = await cluster(1, cleanups, { ONESCREEN_REDIS_TRIM_SECONDS: '0' });
    const redis = c.redis.client();
    cleanups.push(async () => void redis.disconnect());
    const shared = new RedisEventLog(redis);
    await ingestAll(c.nodes[0], caseEvents({ cases: 100, grids, seed: 62, now: Date.now() }));
    const appended = await redis.xlen(shared.stream);
    const end = await shared.lastId();
    const live = readFileSync(join(c.dataDir(0), 'node-id'), 'utf8').trim();
    await expect.poll(async () => (await redis.hget(shared.claims, live))?.split(' ')[0], { timeout: 30_000 }).toBe(end);
    // A node away for a while holds the stream back; once silent for longer than the expiry, it no longer does.
    await shared.claim('a-node-away', '0-1', Date.now() - WEEK_MS / 2);
    expect(await shared.trim(Date.now(), WEEK_MS, 10_000)).toMatchObject({ trimmed: 0, lowest: '0-1' });
    await shared.claim('a-node-away', '0-1', Date.now() - 2 * WEEK_MS);
    expect(await shared.trim(Date.now(), WEEK_MS, 10_000)).toEqual({ trimmed: appended, lowest: end });
    expect(await redis.hkeys(shared.claims)).toEqual([live]);
    expect(await shared.trimmedUpTo()).toBe(end);
  }, 120_000);
});
