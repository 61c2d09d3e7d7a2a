import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { CaseEvent } from '../../../contract';
import { TOKENS, TOKEN_ENTRIES, removeTempDirs, tempDir } from '../../server/lib/harness';
import { freePort } from '../../lib/free-port';
import { killAllServers, spawnServer, writeTokensFile, type ChildServer } from '../../reliability/lib/child-server';
import { allFigures, httpGetter } from '../../reliability/lib/figures';
import { batchesOf, postEvents } from '../../reliability/lib/ingest-client';
import { SCOPES } from '../../reliability/lib/recompute';
import { startRedis, type RedisServer } from './redis-server';

export const hasRedis = spawnSync(process.env.REDIS_SERVER ?? 'redis-server', ['--version']).status === 0;
if (!hasRedis) console.log('scale-out tests skipped: no redis-server on PATH (set REDIS_SERVER, or apt-get install redis-server)');

export const figuresOf = (node: ChildServer) => allFigures(httpGetter(node.url, TOKENS.wall), SCOPES);

/** The cleanups a test file's clusters register, run after its last test once every node is killed. */
export function clusterCleanups(): Array<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    await killAllServers();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    removeTempDirs();
  });
  return cleanups;
}

export interface Cluster {
  dir: string;
  redis: RedisServer;
  tokensFile: string;
  nodes: ChildServer[];
  /** The data directory of node `i`. */
  dataDir(i: number): string;
  /** Starts node `i` (again) on its own port and data directory. */
  start(i: number, waitReady?: boolean): Promise<ChildServer>;
}

/** A real redis-server and `size` OneScreen nodes as child processes; `cleanups` stops them. */
export async function cluster(size: number, cleanups: Array<() => Promise<void>>, env: Record<string, string> = {}): Promise<Cluster> {
  const dir = tempDir();
  const redis = await startRedis(dir);
  cleanups.push(() => redis.stop());
  const tokensFile = writeTokensFile(dir, TOKEN_ENTRIES);
  const ports = new Map<number, number>();
  const nodes: ChildServer[] = [];
  const dataDir = (i: number) => join(dir, `node-${i}`);
  const start = async (i: number, waitReady = true) => {
    const port = ports.get(i) ?? (await freePort());
    ports.set(i, port);
    const node = await spawnServer({
      dataDir: dataDir(i),
      tokensFile,
      port,
      waitReady,
      env: { ONESCREEN_REDIS_URL: redis.url, ONESCREEN_TICK_MS: '200', ...env },
    });
    nodes[i] = node;
    cleanups.push(() => node.stop());
    return node;
  };
  for (let i = 0; i < size; i++) await start(i);
  return { dir, redis, tokensFile, nodes, dataDir, start };
}

export async function ingestAll(node: ChildServer, events: readonly CaseEvent[]): Promise<void> {
  for (const batch of batchesOf(events, 250)) {
    const reply = await postEvents(node.url, TOKENS.ingest, batch);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.rejected).toEqual([]);
  }
}

/** Waits until every node shows the same figures as the first, and returns them. */
export async function converged(nodes: readonly ChildServer[]): Promise<unknown> {
  const first = await figuresOf(nodes[0]);
  for (const node of nodes.slice(1)) await expect.poll(() => figuresOf(node), { timeout: 30_000 }).toEqual(first);
  return first;
}

/** The /readyz answer of a node. */
export async function readiness(node: ChildServer): Promise<{ status: number; body: { status: string; events: number; checkpoint?: number; message?: string } }> {
  const response = await fetch(`${node.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; events: number; checkpoint?: number; message?: string } };
}
