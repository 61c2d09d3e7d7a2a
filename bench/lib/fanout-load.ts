/**
 * Child process of bench/fanout.ts: the clients. `socketio`: Socket.IO clients on `/live` that
 * speak the wire protocol without parsing payloads (fanout-lean-client.ts; resync on a seq gap,
 * like the wall); `ws`: raw WebSocket clients of the reference server;
 * `poll`: HTTP clients asking the poll reference for their scope's summary every second.
 * Counts bytes, records when each client first sees each latency probe, and (socketio) the
 * packets one client per room received, for the raw-ws reference to replay.
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { LeanLiveClient } from './fanout-lean-client';
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
  /** socketio: the handshake's `deltaChildren`; absent, the protocol's default (`changed`, as the wall and tablet ask). */
  deltaChildren?: 'all' | 'changed';
}

export interface LoadResults {
  type: 'results';
  bytes: number;
  messages: number;
  snapshots: number;
  resyncs: number;
  disconnects: number;
  /** [client index, probe number, received at]. */
  receipts: Array<[number, number, number]>;
  recordings: Record<string, string[]>;
  figures: ReturnType<ReturnType<typeof startSampler>['figures']>;
}

const WAVE = 50;
/** Packets kept per room for the reference to replay in a loop (all of them would be hundreds of MB). */
const RECORDED_PER_ROOM = 5;
const sampler = startSampler();
let bytes = 0;
let messages = 0;
let snapshots = 0;
let resyncsAtMeasure = 0;
let disconnects = 0;
let recording = false;
const receipts: Array<[number, number, number]> = [];
const recordings: Record<string, string[]> = {};
const closers: Array<() => void> = [];
const leanClients: LeanLiveClient[] = [];
const resyncsSoFar = (): number => leanClients.reduce((sum, c) => sum + c.resyncs, 0);

/**
 * Probe cases are `<prefix>-PROBE-<n>`; only the number is kept (a matched substring would
 * keep the whole message it was cut from alive).
 */
const PROBE_ID = /PROBE-(\d+)"/g;

function probesIn(text: string, client: number, seen: Set<number>): void {
  if (!text.includes('PROBE-')) return;
  const now = Date.now();
  for (const match of text.matchAll(PROBE_ID)) {
    const probe = Number(match[1]);
    if (seen.has(probe)) continue;
    seen.add(probe);
    if (recording) receipts.push([client, probe, now]);
  }
}

function socketioClient(options: LoadStart, room: string, index: number, recorder: boolean): Promise<void> {
  const seen = new Set<number>();
  return new Promise((resolve) => {
    const client = new LeanLiveClient(
      options.url,
      { token: options.token, scope: room, ...(options.deltaChildren ? { deltaChildren: options.deltaChildren } : {}) },
      ({ event, packet }) => {
        bytes += Buffer.byteLength(packet);
        messages += 1;
        if (recorder && recording) {
          const list = (recordings[room] ??= []);
          if (list.length < RECORDED_PER_ROOM) list.push(packet);
        }
        if (event === 'snapshot') {
          snapshots += 1;
          resolve();
        }
        if (event === 'delta' || event === 'snapshot') probesIn(packet, index, seen);
      },
      () => {
        disconnects += 1;
      },
    );
    leanClients.push(client);
    closers.push(() => client.close());
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
  const seen = new Set<number>();
  const poll = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(`${options.url}/summary?scope=${room}`, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          bytes += body.length;
          messages += 1;
          probesIn(body.toString('utf8'), index, seen);
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
    resyncsAtMeasure = resyncsSoFar();
    disconnects = 0;
    receipts.length = 0;
    recording = true;
    sampler.reset();
  }
  if (message === 'results') {
    recording = false;
    const results: LoadResults = {
      type: 'results',
      bytes,
      messages,
      snapshots,
      resyncs: resyncsSoFar() - resyncsAtMeasure,
      disconnects,
      receipts,
      recordings,
      figures: sampler.figures(),
    };
    process.send?.(results);
  }
  if (message === 'stop') {
    for (const close of closers) close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.send?.({ type: 'ready' });
