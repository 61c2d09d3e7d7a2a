import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { Server } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../../contract';
import { useLive } from '../../../client/composables/use-live';
import { useConnectionStore } from '../../../client/stores/connection';
import { useLiveStore } from '../../../client/stores/live';
import { deltaOf, snapshotOf, summaryOf } from '../fixtures';

const DAY = '2026-11-28';

/** Polls a condition (never a fixed sleep): resolves as soon as it holds. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('useLive against a real Socket.IO server', () => {
  let http: HttpServer;
  let io: Server<ClientToServerEvents, ServerToClientEvents>;
  let origin: string;
  const handshakes: unknown[] = [];
  let resyncs = 0;

  beforeEach(async () => {
    setActivePinia(createPinia());
    handshakes.length = 0;
    resyncs = 0;
    http = createServer();
    io = new Server(http);
    io.of(LIVE_NAMESPACE).use((socket, next) => {
      handshakes.push(socket.handshake.auth);
      next(socket.handshake.auth.token === 'good' ? undefined : new Error('unknown token'));
    });
    io.of(LIVE_NAMESPACE).on('connection', (socket) => {
      socket.emit('snapshot', snapshotOf(1, DAY, { summary: summaryOf(DAY, { reported: 1 }) }));
      socket.on('resync', () => {
        resyncs += 1;
        socket.emit('snapshot', snapshotOf(10, DAY, { summary: summaryOf(DAY, { reported: 10 }) }));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });

  it('connects with token and scope, applies the snapshot, and resyncs on a seq gap', async () => {
    const scope = effectScope();
    const live = useLiveStore();
    const connection = useConnectionStore();
    const { stop } = scope.run(() => useLive({ token: 'good', scope: 'city', origin }))!;
    await until(() => live.seq === 1, 'the first snapshot');
    expect(handshakes).toEqual([{ token: 'good', scope: 'city', deltaChildren: 'changed' }]);
    expect(connection.status).toBe('live');

    io.of(LIVE_NAMESPACE).emit('delta', deltaOf(2, { summary: summaryOf(DAY, { reported: 2 }) }));
    await until(() => live.seq === 2, 'delta 2');
    io.of(LIVE_NAMESPACE).emit('delta', deltaOf(4, { summary: summaryOf(DAY, { reported: 4 }) }));
    await until(() => live.seq === 10, 'the resync snapshot');
    expect(resyncs).toBe(1);
    expect(live.summary?.reported).toBe(10);
    stop();
    scope.stop();
  });

  it('shows reconnecting when the server goes away and live again when it is back', async () => {
    const scope = effectScope();
    const connection = useConnectionStore();
    const live = useLiveStore();
    scope.run(() => useLive({ token: 'good', scope: 'city', origin, reconnectionDelay: 50, reconnectionDelayMax: 200 }));
    await until(() => connection.status === 'live' && live.seq === 1, 'connected');
    io.of(LIVE_NAMESPACE).disconnectSockets();
    // A server-side disconnect is final for socket.io-client; a dropped transport is retried.
    await until(() => connection.status === 'offline', 'offline after a server-side disconnect');
    scope.stop();

    const again = effectScope();
    again.run(() => useLive({ token: 'good', scope: 'city', origin, reconnectionDelay: 50, reconnectionDelayMax: 200 }));
    await until(() => connection.status === 'live', 'connected again');
    for (const socket of io.of(LIVE_NAMESPACE).sockets.values()) socket.conn.close();
    await until(() => connection.status === 'reconnecting', 'reconnecting');
    await until(() => connection.status === 'live', 'live again after the transport came back');
    again.stop();
  });

  it('is offline with the server’s reason when the token is refused', async () => {
    const scope = effectScope();
    const connection = useConnectionStore();
    scope.run(() => useLive({ token: 'bad', scope: 'city', origin }));
    await until(() => connection.status === 'offline', 'offline');
    expect(connection.error).toBe('unknown token');
    scope.stop();
  });
});
