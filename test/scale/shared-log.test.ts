import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contract';
import { EventSender } from '../../mock/http/event-sender';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../server/lib/harness';
import { caseEvents } from '../reliability/lib/case-events';
import { freePort, killAllServers, spawnServer, writeTokensFile, type ChildServer } from '../reliability/lib/child-server';
import { allFigures, httpGetter } from '../reliability/lib/figures';
import { batchesOf, postEvents } from '../reliability/lib/ingest-client';
import { SCOPES, gridsOf, recomputed } from '../reliability/lib/recompute';
import { liveClient } from './lib/live-client';
import { startRedis, type RedisServer } from './lib/redis-server';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await killAllServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  removeTempDirs();
});

const grids = [...gridsOf('500103'), ...gridsOf('500105')];
const hasRedis = spawnSync(process.env.REDIS_SERVER ?? 'redis-server', ['--version']).status === 0;
if (!hasRedis) console.log('scale-out tests skipped: no redis-server on PATH (set REDIS_SERVER, or apt-get install redis-server)');
const figuresOf = (node: ChildServer) => allFigures(httpGetter(node.url, TOKENS.wall), SCOPES);

interface Cluster {
  redis: RedisServer;
  tokensFile: string;
  nodes: ChildServer[];
  /** Starts node `i` (again) on its own port and data directory. */
  start(i: number): Promise<ChildServer>;
}

async function cluster(size: number): Promise<Cluster> {
  const dir = tempDir();
  const redis = await startRedis(dir);
  cleanups.push(() => redis.stop());
  const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const nodes: ChildServer[] = [];
  const start = async (i: number) => {
    const node = await spawnServer({
      dataDir: join(dir, `node-${i}`),
      tokensFile,
      port: ports[i],
      env: { ONESCREEN_REDIS_URL: redis.url, ONESCREEN_TICK_MS: '200' },
    });
    nodes[i] = node;
    cleanups.push(() => node.stop());
    return node;
  };
  for (let i = 0; i < size; i++) await start(i);
  return { redis, tokensFile, nodes, start };
}

async function ingestAll(node: ChildServer, events: readonly CaseEvent[]): Promise<void> {
  for (const batch of batchesOf(events, 250)) {
    const reply = await postEvents(node.url, TOKENS.ingest, batch);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.rejected).toEqual([]);
  }
}

/** Waits until every node shows the same figures as the first, and returns them. */
async function converged(nodes: readonly ChildServer[]): Promise<unknown> {
  const first = await figuresOf(nodes[0]);
  for (const node of nodes.slice(1)) await expect.poll(() => figuresOf(node), { timeout: 30_000 }).toEqual(first);
  return first;
}

describe.skipIf(!hasRedis)('scale-out over a Redis Stream', () => {
  it('shows an event posted to node A to socket.io clients of node B with the same numbers, and counts a re-send to B once', async () => {
    const { nodes } = await cluster(2);
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
    const c = await cluster(2);
    const [a, b] = c.nodes;
    const events = caseEvents({ cases: 600, grids, seed: 52, now: Date.now() });
    await ingestAll(a, events.slice(0, 500));
    await b.kill9();
    await ingestAll(a, events.slice(500));
    await c.start(1);
    expect(await converged(c.nodes)).toEqual(await recomputed(events));
  }, 240_000);

  it('rides out a Redis crash: nodes reconnect and catch up, nothing lost or counted twice', async () => {
    const c = await cluster(2);
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
    const refused = await postEvents(a.url, TOKENS.ingest, events.slice(0, 1));
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
