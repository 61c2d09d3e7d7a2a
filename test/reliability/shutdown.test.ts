import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKENS, removeTempDirs, startServer } from '../server/lib/harness';

afterAll(removeTempDirs);

const open = (port: number): Promise<Socket> =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1', () => done(socket));
  });

describe('closing the server', () => {
  it('finishes a request in flight and does not wait for connections that never sent one', { timeout: 60_000 }, async () => {
    const server = await startServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // As a browser's preconnected sockets: open, and silent. Node's close alone waits minutes for them.
    const silent = await Promise.all([open(port), open(port), open(port)]);
    // A read already under way when the close begins is answered.
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/summary?scope=city`, { headers: { authorization: `Bearer ${TOKENS.wall}` } });
    await new Promise((done) => setTimeout(done, 50));
    const closedSockets = silent.map((socket) => new Promise<void>((done) => socket.once('close', () => done())));

    await server.app.close();

    expect((await inFlight).status).toBe(200);
    await Promise.all(closedSockets);
    expect(silent.every((socket) => socket.destroyed)).toBe(true);
  });
});
