import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE } from '../../contract';
import { TOKENS, removeTempDirs, startServer, type TestServer } from '../server/lib/harness';
import { caseEvents } from './lib/case-events';
import { rawLiveSocket, type RawLiveSocket } from './lib/raw-live-socket';
import { gridsOf } from './lib/recompute';

let server: TestServer;
let url = '';
const grids = [...gridsOf('500103'), ...gridsOf('500105')];
let seed = 100;

beforeAll(async () => {
  server = await startServer({ tickMs: 100, ingestRatePerMinute: 0 });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

/** Everything that grows with connected sockets; all of it must come back to its baseline. */
function footprint() {
  const { io: ioServer, nsp, push } = server.app.live;
  return {
    sockets: nsp.sockets.size,
    rooms: nsp.adapter.rooms.size,
    sids: nsp.adapter.sids.size,
    engineClients: ioServer.engine.clientsCount,
    dirty: push.stats().dirty,
    liveRooms: push.stats().rooms,
    connectionListeners: nsp.listenerCount('connection'),
    tokenListeners: server.app.tokens.listenerCount('change'),
    serverListeners: server.app.server.listenerCount('upgrade') + server.app.server.listenerCount('request'),
  };
}

/** Lets the server notice closed connections and run a few ticks. */
async function settled(baseline: ReturnType<typeof footprint>): Promise<void> {
  await expect.poll(() => {
    server.app.live.tick();
    return footprint();
  }, { timeout: 30_000, interval: 100 }).toEqual(baseline);
}

/** A stream of small ingest batches, so that deltas are going out while clients come and go. */
function ingestStream(): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await server.ingest(caseEvents({ cases: 20, grids, seed: seed++, now: Date.now(), prefix: 'churn' }));
      server.app.live.tick();
      await new Promise((done) => setTimeout(done, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe('client faults', () => {
  it('leaks no room, socket or listener after thousands of connects and disconnects during deltas', async () => {
    const baseline = footprint();
    const heapBefore = process.memoryUsage().heapUsed;
    const stream = ingestStream();
    // Districts, streets and grids: city snapshots (every grid of the city) would only make this slow.
    const city = server.app.city;
    const scopes = ['500103', '500105', city.childrenOf('500103')[0], grids[0], grids[grids.length - 1]];
    for (let wave = 0; wave < 20; wave++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const socket = io(`${url}${LIVE_NAMESPACE}`, {
            auth: { token: TOKENS.wall, scope: scopes[(wave + i) % scopes.length] },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
          });
          return new Promise<void>((done) => {
            // Some leave before their snapshot, some after a delta or two.
            if (i % 3 === 0) socket.on('connect', () => done(void socket.close()));
            else socket.on('snapshot', () => (i % 3 === 1 ? done(void socket.close()) : socket.once('delta', () => done(void socket.close()))));
            socket.on('connect_error', () => done());
          });
        }),
      );
    }
    await stream.stop();
    await settled(baseline);
    // 2,000 sessions came and went; what stays is bounded by the figures, not by the sessions.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 240_000);

  it('forgets sockets dropped mid-delta without a goodbye', async () => {
    const baseline = footprint();
    const stream = ingestStream();
    try {
      const raw: RawLiveSocket[] = [];
      for (let i = 0; i < 200; i++) raw.push(await rawLiveSocket(url, TOKENS.wall, i % 2 ? '500105' : '500103'));
      expect(footprint().sockets).toBe(baseline.sockets + 200);
      // Each vanishes at a different point of the delta stream.
      for (const socket of raw) {
        socket.vanish();
        await new Promise((done) => setImmediate(done));
      }
    } finally {
      await stream.stop();
    }
    await settled(baseline);
  }, 240_000);

  it('sends clients that never read no queue of deltas (latest wins), and forgets them when they go', async () => {
    const baseline = footprint();
    const stalled: RawLiveSocket[] = [];
    for (let i = 0; i < 5; i++) stalled.push(await rawLiveSocket(url, TOKENS.wall, 'city'));
    for (const socket of stalled) socket.stopReading();
    const reader = await rawLiveSocket(url, TOKENS.wall, 'city');
    const stream = ingestStream();
    try {
      // Each asks for city snapshots it never reads, until its connection's buffers are full.
      for (let i = 0; i < 20; i++) for (const socket of stalled) socket.ws.send('42/live,["resync"]');
      // The server notices they are behind: no more deltas for them, one snapshot when they drain.
      await expect.poll(() => server.app.live.push.stats().dirty, { timeout: 60_000, interval: 50 }).toBe(5);
      const deltas = reader.frames.filter((f) => f.startsWith('42/live,["delta"')).length;
      await expect.poll(() => reader.frames.filter((f) => f.startsWith('42/live,["delta"')).length, { timeout: 30_000 }).toBeGreaterThan(deltas);
    } finally {
      await stream.stop();
    }
    for (const socket of stalled) socket.vanish();
    reader.vanish();
    await settled(baseline);
  }, 240_000);
});
