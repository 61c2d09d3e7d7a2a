import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../contract';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Watcher {
  target: number;
  since: number;
  seen: Set<LiveSocket>;
  latencies: number[];
  done: () => void;
}

/** A crowd of real socket.io clients; counts what they get and when the city's figure moves. */
export class SoakClients {
  readonly sockets: LiveSocket[] = [];
  deltas = 0;
  snapshots = 0;
  disconnects = 0;
  /** Failed connection attempts (the client retries them). */
  connectErrors = 0;
  /** Per client, the city's `reported` today as last seen (city-scope clients only). */
  private readonly reported = new Map<LiveSocket, number>();
  private watchers: Watcher[] = [];

  /** Connects in waves of 50, each wave once its snapshots are in; failed attempts retry (counted). */
  async connect(base: string, token: string, scopes: readonly string[]): Promise<void> {
    for (let from = 0; from < scopes.length; from += 50) {
      await Promise.all(scopes.slice(from, from + 50).map((scope) => this.open(base, token, scope)));
    }
  }

  private open(base: string, token: string, scope: string): Promise<void> {
    const socket: LiveSocket = io(`${base}${LIVE_NAMESPACE}`, { auth: { token, scope }, transports: ['websocket'], forceNew: true, timeout: 60_000 });
    this.sockets.push(socket);
    const city = scope === 'city';
    socket.on('snapshot', (snapshot) => {
      this.snapshots++;
      if (city) this.see(socket, snapshot.summary.reported);
    });
    socket.on('delta', (delta) => {
      this.deltas++;
      if (city && delta.summary) this.see(socket, delta.summary.reported);
    });
    socket.on('disconnect', () => this.disconnects++);
    socket.on('connect_error', () => this.connectErrors++);
    return new Promise((resolve) => socket.once('snapshot', () => resolve()));
  }

  get cityClients(): number {
    return this.reported.size;
  }

  /**
   * Resolves with each city client's delay (ms) from now until it shows `reported` ≥ target: once
   * every city client has, or after `patienceMs` with those that had by then.
   */
  latencyTo(target: number, patienceMs: number): Promise<number[]> {
    const watcher: Watcher = { target, since: performance.now(), seen: new Set<LiveSocket>(), latencies: [], done: () => undefined };
    const result = new Promise<number[]>((resolve) => {
      const timer = setTimeout(() => {
        this.watchers = this.watchers.filter((w) => w !== watcher);
        resolve(watcher.latencies);
      }, patienceMs);
      watcher.done = () => {
        clearTimeout(timer);
        resolve(watcher.latencies);
      };
    });
    for (const [socket, value] of this.reported) if (value >= target) this.mark(watcher, socket);
    if (watcher.seen.size >= this.cityClients) watcher.done();
    else this.watchers.push(watcher);
    return result;
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }

  private see(socket: LiveSocket, reported: number): void {
    this.reported.set(socket, reported);
    const total = this.cityClients;
    this.watchers = this.watchers.filter((w) => {
      if (reported >= w.target) this.mark(w, socket);
      if (w.seen.size < total) return true;
      w.done();
      return false;
    });
  }

  private mark(w: Watcher, socket: LiveSocket): void {
    if (w.seen.has(socket)) return;
    w.seen.add(socket);
    w.latencies.push(performance.now() - w.since);
  }
}
