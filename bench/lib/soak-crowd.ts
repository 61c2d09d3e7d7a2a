import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { LIVE_NAMESPACE } from '../../contract';

export interface CrowdStats {
  snapshots: number;
  deltas: number;
  heartbeats: number;
  disconnects: number;
  /** Connections made again after a disconnect (each brings a fresh snapshot). */
  reconnects: number;
  /** Failed connection attempts (the client retries them). */
  connectErrors: number;
  /** Disconnects by Socket.IO's reason (`ping timeout`, `transport close`, …). */
  reasons: Record<string, number>;
  /** The clients' thread's longest event-loop stall since the previous call, ms. */
  lagMaxMs: number;
}

/**
 * The soak's crowd of real socket.io clients, on a worker thread. Sharing the benchmark's thread
 * with the simulator and the sampling, they missed their pings whenever that thread stalled for
 * longer than the ping interval plus timeout (45 s): Node runs expired timers before it reads the
 * sockets, so every client timed out at once ("ping timeout") and came back on a fresh snapshot.
 */
export class SoakCrowd {
  private readonly worker: Worker;

  constructor(
    base: string,
    token: string,
    readonly scopes: readonly string[],
  ) {
    this.worker = new Worker(new URL('./soak-crowd-worker.mjs', import.meta.url), { workerData: { base, token, scopes, namespace: LIVE_NAMESPACE } });
  }

  get cityClients(): number {
    return this.scopes.filter((scope) => scope === 'city').length;
  }

  /** Connects every client; resolves once each has its first snapshot. */
  async connect(): Promise<void> {
    this.worker.postMessage('connect');
    await this.reply('connected');
  }

  /** Counts so far (the lag since the previous call). */
  async stats(): Promise<CrowdStats> {
    this.worker.postMessage('stats');
    return (await this.reply('stats')) as CrowdStats;
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await once(this.worker, 'exit');
  }

  private async reply(key: string): Promise<unknown> {
    for (;;) {
      const [message] = (await once(this.worker, 'message')) as [Record<string, unknown>];
      if (key in message) return message[key];
    }
  }
}
