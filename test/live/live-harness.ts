import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type CaseEvent,
  type ClientToServerEvents,
  type IngestResult,
  type ServerToClientEvents,
} from '../../contract';
import { buildApp, type App, type AppOptions } from '../../server/app';
import type { TokenEntry } from '../../server/auth/token-entry';
import { loadCity, type City } from '../../server/geo';

export const ZONE = 'Asia/Shanghai';
/** 渝中区 and 江北区 of the demo city. */
export const DISTRICT_A = '500103';
export const DISTRICT_B = '500105';

export const TOKENS = {
  ingest: 'live-test-ingest-token-0001',
  wall: 'live-test-wall-token-000001',
  leaderA: 'live-test-leader-a-token-01',
  admin: 'live-test-admin-token-00001',
} as const;

export const TOKEN_ENTRIES: TokenEntry[] = [
  { token: TOKENS.ingest, role: 'ingest' },
  { token: TOKENS.wall, role: 'wall' },
  { token: TOKENS.leaderA, role: 'leader', districts: [DISTRICT_A] },
  { token: TOKENS.admin, role: 'admin' },
];

let city: City | undefined;
/** The demo city, loaded once per test file. */
export function demoCity(): City {
  city ??= loadCity();
  return city;
}

/** The first street of a district that has grids, and that street's first grids. */
export function placesIn(district: string): { street: string; grids: string[] } {
  const c = demoCity();
  for (const street of c.childrenOf(district)) {
    const grids = c.childrenOf(street).flatMap((community) => c.childrenOf(community));
    if (grids.length > 0) return { street, grids: [...grids] };
  }
  throw new Error(`district ${district} has no grids`);
}

/** A clock the test moves by hand; the server reads it for everything time-dependent. */
export class Clock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const iso = (ms: number): string => DateTime.fromMillis(ms, { zone: ZONE }).toISO() ?? '';
/** Epoch ms of a local time in the city, e.g. at('2026-11-28T10:00'). */
export const at = (local: string): number => DateTime.fromISO(local, { zone: ZONE }).toMillis();

export interface LiveServer {
  app: App;
  url: string;
  dataDir: string;
  /** Closes the app; the data directory stays unless `removeData`. */
  close(removeData?: boolean): Promise<void>;
}

/** The real app on an ephemeral loopback port, with a short tick, once its log is replayed. */
export async function startServer(
  options: { dataDir?: string; now?: () => number; tickMs?: number; port?: number; clientDir?: string; live?: AppOptions['live']; retentionDays?: number } = {},
): Promise<LiveServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onescreen-live-'));
  const app = await buildApp({
    dataDir,
    tokens: TOKEN_ENTRIES,
    now: options.now,
    city: demoCity(),
    tickMs: options.tickMs ?? 100,
    logLevel: 'warn',
    ...(options.clientDir === undefined ? {} : { clientDir: options.clientDir }),
    ...(options.live === undefined ? {} : { live: options.live }),
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  await app.replayed;
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    async close(removeData = true) {
      await app.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Kind = keyof ServerToClientEvents;
type Body<K extends Kind> = Parameters<ServerToClientEvents[K]>[0];
type Message = { [K in Kind]: { kind: K; body: Body<K> } }[Kind];

/** A real socket.io-client on `/live` that records every message, for tests to wait on. */
export class LiveClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(url: string, auth: Record<string, unknown>, options: { reconnection?: boolean } = {}) {
    this.socket = io(`${url}${LIVE_NAMESPACE}`, {
      auth,
      transports: ['websocket'],
      reconnection: options.reconnection ?? false,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    const record = (message: Message): void => {
      this.messages.push(message);
      for (const wake of this.waiters) wake();
    };
    this.socket.on('snapshot', (body) => record({ kind: 'snapshot', body }));
    this.socket.on('delta', (body) => record({ kind: 'delta', body }));
    this.socket.on('heartbeat', (body) => record({ kind: 'heartbeat', body }));
    this.socket.on('revoked', (body) => record({ kind: 'revoked', body }));
  }

  /** Index to pass as `from` to wait only for messages that arrive after now. */
  mark(): number {
    return this.messages.length;
  }

  /** The first message of a kind at or after `from` that satisfies `test`. */
  waitFor<K extends Kind>(kind: K, test: (body: Body<K>) => boolean = () => true, from = 0, timeoutMs = 20_000): Promise<Body<K>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = from; i < this.messages.length; i += 1) {
          const message = this.messages[i];
          if (message.kind === kind && test(message.body as Body<K>)) {
            resolve(message.body as Body<K>);
            return true;
          }
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no ${kind} within ${timeoutMs} ms (got ${this.messages.map((m) => m.kind).join(', ') || 'nothing'})`));
      }, timeoutMs);
      const wake = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  of<K extends Kind>(kind: K, from = 0): Array<Body<K>> {
    return this.messages.slice(from).filter((m) => m.kind === kind).map((m) => m.body as Body<K>);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Connects and resolves once the first snapshot arrived. */
export async function connected(url: string, token: string, scope: string): Promise<LiveClient> {
  const client = new LiveClient(url, { token, scope });
  await client.waitFor('snapshot');
  return client;
}

/** The message of the `connect_error` a refused handshake gets. */
export function refusal(url: string, auth: Record<string, unknown>): Promise<string> {
  const client = new LiveClient(url, auth);
  return new Promise((resolve, reject) => {
    client.socket.on('connect_error', (error) => {
      client.close();
      resolve(error.message);
    });
    client.socket.on('connect', () => {
      client.close();
      reject(new Error('the handshake was accepted'));
    });
  });
}

export async function postEvents(url: string, events: CaseEvent[]): Promise<IngestResult> {
  const response = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as IngestResult;
}

export async function getJson<T>(url: string, path: string, token: string = TOKENS.wall): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

let sequence = 0;
/** A `reported` event (category 占道经营 unless given) in a grid at a time. */
export function reported(caseId: string, gridCode: string, ms: number, category = 'E.05.02'): CaseEvent {
  sequence += 1;
  return { id: `${caseId}-r-${sequence}`, caseId, type: 'reported', at: iso(ms), category, source: 'inspector', gridCode };
}

export function lifecycle(caseId: string, type: CaseEvent['type'], ms: number): CaseEvent {
  sequence += 1;
  return { id: `${caseId}-${type}-${sequence}`, caseId, type, at: iso(ms) };
}
