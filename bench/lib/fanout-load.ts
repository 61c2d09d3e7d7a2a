/**
 * Child process of bench/fanout.ts: the clients. `socketio`: real socket.io-clients on `/live`
 * (resync on a seq gap, like the wall); `ws`: raw WebSocket clients of the reference server;
 * `poll`: HTTP clients asking the poll reference for their scope's summary every second.
 * Counts bytes, records when each client first sees each latency probe, and (socketio) the
 * packets one client per room received, for the raw-ws reference to replay.
 */
import { Agent, request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../contract';
import { startSampler } from './fanout-sampler';

export type LoadMode = 'socketio' | 'ws' | 'poll';

export interface LoadStart {
  type: 'start';
  mode: LoadMode;
  /** Server origin (socketio, poll) or ws:// URL (ws). */
  url: string;
  token: string;
  /** One entry per client: the scope it watches. */
  rooms: string[];
}

export interface LoadResults {
  type: 'results';
  bytes: number;
  messages: number;
  snapshots: number;
  resyncs: number;
  disconnects: number;
  /** [client index, probe caseId, received at]. */
  receipts: Array<[number, string, number]>;
  recordings: Record<string, string[]>;
  figures: ReturnType<ReturnType<typeof startSampler>['figures']>;
}

const WAVE = 50;
const sampler = startSampler();
let bytes = 0;
let messages = 0;
let snapshots = 0;
let resyncs = 0;
let disconnects = 0;
let recording = false;
const receipts: Array<[number, string, number]> = [];
const recordings: Record<string, string[]> = {};
const closers: Array<() => void> = [];

const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? Buffer.byteLength(data) : data instanceof ArrayBuffer ? data.byteLength : Buffer.isBuffer(data) ? data.length : 0;

function probesIn(cases: ReadonlyArray<{ caseId: string }> | undefined, client: number, seen: Set<string>): void {
  if (!cases) return;
  const now = Date.now();
  for (const c of cases) {
    if (!c.caseId.includes('PROBE') || seen.has(c.caseId)) continue;
    seen.add(c.caseId);
    if (recording) receipts.push([client, c.caseId, now]);
  }
}

function socketioClient(options: LoadStart, room: string, index: number, recorder: boolean): Promise<void> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${options.url}${LIVE_NAMESPACE}`, {
    auth: { token: options.token, scope: room },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 1000,
  });
  closers.push(() => socket.disconnect());
  const seen = new Set<string>();
  let seq: number | null = null;
  let awaiting = true;
  socket.io.engine.on('packet', (packet) => {
    if (packet.type !== 'message') return;
    bytes += sizeOf(packet.data);
    messages += 1;
    if (recorder && recording && typeof packet.data === 'string') (recordings[room] ??= []).push(packet.data);
  });
  socket.on('disconnect', () => {
    disconnects += 1;
    awaiting = true;
  });
  socket.on('delta', (delta) => {
    probesIn(delta.cases, index, seen);
    if (awaiting || seq === null) return;
    if (delta.seq !== seq + 1) {
      awaiting = true;
      resyncs += 1;
      socket.emit('resync');
      return;
    }
    seq = delta.seq;
  });
  socket.on('heartbeat', (beat) => {
    if (!awaiting && seq !== null && beat.seq > seq) {
      awaiting = true;
      resyncs += 1;
      socket.emit('resync');
    }
  });
  return new Promise((resolve) => {
    socket.on('snapshot', (snapshot) => {
      snapshots += 1;
      seq = snapshot.seq;
      awaiting = false;
      probesIn(snapshot.recent, index, seen);
      resolve();
    });
  });
}

function wsClient(options: LoadStart, room: string): Promise<void> {
  const socket = new WebSocket(`${options.url}?room=${encodeURIComponent(room)}`, { perMessageDeflate: false });
  closers.push(() => socket.terminate());
  socket.on('message', (data: Buffer) => {
    bytes += data.length;
    messages += 1;
  });
  socket.on('close', () => {
    disconnects += 1;
  });
  return new Promise((resolve) => socket.once('open', () => resolve()));
}

function pollClient(options: LoadStart, room: string, index: number, agent: Agent): Promise<void> {
  const seen = new Set<string>();
  const poll = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(`${options.url}/summary?scope=${room}`, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          bytes += body.length;
          messages += 1;
          const parsed = JSON.parse(body.toString('utf8')) as { recent: Array<{ caseId: string }> };
          probesIn(parsed.recent, index, seen);
          resolve();
        });
      });
      req.on('error', () => {
        disconnects += 1;
        resolve();
      });
      req.end();
    });
  const timer = setTimeout(() => {
    const interval = setInterval(() => void poll(), 1000);
    closers.push(() => clearInterval(interval));
  }, Math.random() * 1000);
  closers.push(() => clearTimeout(timer));
  return poll();
}

async function start(options: LoadStart): Promise<void> {
  const started = Date.now();
  const agent = new Agent({ keepAlive: true, maxSockets: options.rooms.length });
  const recorded = new Set<string>();
  for (let i = 0; i < options.rooms.length; i += WAVE) {
    const wave = options.rooms.slice(i, i + WAVE).map((room, k) => {
      const index = i + k;
      if (options.mode === 'ws') return wsClient(options, room);
      if (options.mode === 'poll') return pollClient(options, room, index, agent);
      const recorder = !recorded.has(room);
      recorded.add(room);
      return socketioClient(options, room, index, recorder);
    });
    await Promise.all(wave);
  }
  process.send?.({ type: 'connected', ms: Date.now() - started });
}

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'start') void start(message as LoadStart);
  if (message === 'measure') {
    bytes = 0;
    messages = 0;
    snapshots = 0;
    resyncs = 0;
    disconnects = 0;
    receipts.length = 0;
    recording = true;
    sampler.reset();
  }
  if (message === 'results') {
    recording = false;
    const results: LoadResults = { type: 'results', bytes, messages, snapshots, resyncs, disconnects, receipts, recordings, figures: sampler.figures() };
    process.send?.(results);
  }
  if (message === 'stop') {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.send?.({ type: 'ready' });
