import WebSocket from 'ws';

/**
 * A `/live` client speaking the Engine.IO/Socket.IO wire protocol over a bare websocket, so a
 * test can do what no well-behaved client does: stop reading, or vanish without a goodbye.
 */
export interface RawLiveSocket {
  ws: WebSocket;
  /** Frames received so far. */
  frames: string[];
  /** Stops reading from the TCP socket: the server's writes pile up in the kernel, then in its buffers. */
  stopReading(): void;
  /** Drops the TCP connection at once, mid-message if need be. */
  vanish(): void;
}

export function rawLiveSocket(base: string, token: string, scope: string): Promise<RawLiveSocket> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = data.toString();
      frames.push(frame);
      // Engine.IO ping → pong, as a live client does.
      if (frame === '2') ws.send('3');
      if (frame.startsWith('0{')) ws.send(`40/live,${JSON.stringify({ token, scope })}`);
      if (frame.startsWith('42/live,["snapshot"')) {
        resolve({
          ws,
          frames,
          stopReading: () => ws.pause(),
          vanish: () => ws.terminate(),
        });
      }
      if (frame.startsWith('44/live')) reject(new Error(`handshake refused: ${frame}`));
    });
  });
}
