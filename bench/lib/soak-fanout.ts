import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseEvent } from '../../contract';
import { quantile } from './fanout-sampler';
import { startServerProcess, type ServerProcess } from './server-process';
import { SoakClients } from './soak-clients';
import { startRedis } from './soak-redis';

export interface FanoutRow {
  nodes: number;
  clients: number;
  /** Clients that showed every probe. */
  served: number;
  probes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  peakRssMb: number;
}

export interface FanoutOptions {
  dir: string;
  nodes: number;
  clients: number;
  probes: number;
  tokens: { file: string; ingest: string; wall: string };
  grid: string;
}

const PROBE_GAP_MS = 1_500;
const PROBE_PATIENCE_MS = 15_000;

/**
 * `nodes` OneScreen nodes on one Redis, `clients` city walls spread over them; each probe is one
 * new case posted to the next node in turn, timed from its acknowledgement until every wall on
 * every node shows it.
 */
export async function measureFanout(options: FanoutOptions): Promise<FanoutRow> {
  const { nodes, clients, probes, tokens, grid } = options;
  mkdirSync(options.dir, { recursive: true });
  const redis = await startRedis(options.dir);
  const servers: ServerProcess[] = [];
  const crowd = new SoakClients();
  try {
    for (let i = 0; i < nodes; i++) {
      const dataDir = join(options.dir, `node-${i}`);
      servers.push(await startServerProcess({ ONESCREEN_DATA_DIR: dataDir, ONESCREEN_TOKENS_FILE: tokens.file, ONESCREEN_REDIS_URL: redis.url, ONESCREEN_LOG_LEVEL: 'warn' }));
    }
    for (let i = 0; i < nodes; i++) {
      const share = Math.floor(clients / nodes) + (i < clients % nodes ? 1 : 0);
      await crowd.connect(servers[i].url, tokens.wall, Array.from({ length: share }, () => 'city'));
    }
    const latencies: number[] = [];
    let served = crowd.cityClients;
    const start = await (await fetch(`${servers[0].url}/api/v1/summary?scope=city`, { headers: { authorization: `Bearer ${tokens.wall}` } })).json() as { reported: number };
    for (let p = 0; p < probes; p++) {
      const event: CaseEvent = {
        id: `fanout-${nodes}-${p}-${Date.now()}`,
        caseId: `fanout-${nodes}-${p}-${Date.now()}`,
        type: 'reported',
        at: new Date().toISOString(),
        category: 'E.05.02',
        source: 'inspector',
        gridCode: grid,
      };
      const response = await fetch(`${servers[p % nodes].url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.ingest}`, 'content-type': 'application/json' },
        body: JSON.stringify([event]),
      });
      if (response.status !== 200) throw new Error(`probe refused: ${response.status} ${await response.text()}`);
      const seen = await crowd.latencyTo(start.reported + p + 1, PROBE_PATIENCE_MS);
      served = Math.min(served, seen.length);
      latencies.push(...seen);
      await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
    }
    latencies.sort((a, b) => a - b);
    return {
      nodes,
      clients,
      served,
      probes,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
      peakRssMb: Math.max(...servers.map((s) => s.peakRss() / 2 ** 20)),
    };
  } finally {
    crowd.close();
    for (const server of servers) await server.stop();
    await redis.stop();
  }
}
