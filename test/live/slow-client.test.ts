import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contract';
import { LiveClient, TOKENS, demoCity, postEvents, reported, startServer, type LiveServer } from './live-harness';

/** A loopback TCP proxy whose server-to-client direction can be stalled: a tablet that stops reading. */
class StallingProxy {
  readonly server: Server;
  private readonly pairs: Array<[upstream: Socket, client: Socket]> = [];

  constructor(targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      this.pairs.push([upstream, client]);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  }

  stall(): void {
    for (const [upstream, client] of this.pairs) {
      upstream.unpipe(client);
      upstream.pause();
    }
  }

  resume(): void {
    for (const [upstream, client] of this.pairs) upstream.pipe(client);
  }

  close(): void {
    for (const [upstream, client] of this.pairs) {
      upstream.destroy();
      client.destroy();
    }
    this.server.close();
  }
}

describe('live push: latest wins for a client that stops reading', () => {
  let server: LiveServer;
  let proxy: StallingProxy;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    proxy.close();
    await server.close();
  });

  it('skips deltas while the client is behind and sends one snapshot, not a backlog, once it reads again', async () => {
    proxy = new StallingProxy(Number(new URL(server.url).port));
    const proxyPort = await proxy.listen();
    const client = new LiveClient(`http://127.0.0.1:${proxyPort}`, { token: TOKENS.wall, scope: 'city' });
    const first = await client.waitFor('snapshot');

    proxy.stall();
    const grids = Array.from({ length: demoCity().gridCount }, (_, i) => demoCity().gridCodeAt(i));
    let batch = 0;
    const post = async (): Promise<void> => {
      const events: CaseEvent[] = [];
      for (let i = 0; i < 1000; i += 1) events.push(reported(`SLOW-${batch}-${i}`, grids[(batch * 1000 + i * 61) % grids.length], Date.now() - 1000));
      batch += 1;
      await postEvents(server.url, events);
    };
    // Feed the city room until the server sees the client behind, a few batches more, and
    // until it still does (the kernel may take a last gulp of the stalled stream meanwhile).
    // Loopback buffers hold megabytes, so the stalled client also asks for city snapshots
    // (1.7 MB each) while the server can still send them.
    const behind = async (): Promise<void> => {
      while (server.app.live.push.stats().dirty === 0) {
        if (batch > 400) throw new Error('the server never saw the stalled client behind');
        client.socket.emit('resync');
        await post();
      }
    };
    await behind();
    const seqWhenBehind = server.app.live.push.seqOf('city') ?? 0;
    while ((server.app.live.push.seqOf('city') ?? 0) < seqWhenBehind + 3) await post();
    await behind();
    const seqAtResume = server.app.live.push.seqOf('city') ?? 0;

    const before = client.mark();
    proxy.resume();
    const snapshot = await client.waitFor('snapshot', (s) => s.seq >= seqAtResume, before, 60_000);
    // The deltas of (at least three of) the ticks the client was behind were never sent. The
    // server may have seen it behind from a resync before any tick was skipped: exactly three then.
    const received = new Set(client.of('delta').map((d) => d.seq).filter((seq) => seq <= snapshot.seq));
    expect(snapshot.seq - first.seq).toBeGreaterThanOrEqual(received.size + 3);
    // After the snapshot, deltas follow on from its number.
    const afterSnapshot = client.messages.findIndex((m) => m.kind === 'snapshot' && m.body === snapshot) + 1;
    await post();
    const next = await client.waitFor('delta', () => true, afterSnapshot);
    expect(next.seq).toBe(snapshot.seq + 1);
    client.close();
  });
});
