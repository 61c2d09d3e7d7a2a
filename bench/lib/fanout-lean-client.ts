import WebSocket from 'ws';
import { LIVE_NAMESPACE, type LiveHandshakeAuth } from '../../contract';

/** What a lean client reports for each message it gets. */
export interface LeanMessage {
  event: 'snapshot' | 'delta' | 'heartbeat' | 'revoked';
  seq: number;
  /** The raw Socket.IO packet (`2/live,["delta",{…}]`), for byte counts and probe searches. */
  packet: string;
}

const EVENT = `2${LIVE_NAMESPACE},["`;
const SEQ = /^\{"seq":(\d+)/;

/**
 * A Socket.IO client for load generation: it speaks the wire protocol (Engine.IO 4 over a
 * WebSocket, Socket.IO 5 packets: connect to `/live` with auth, answer pings, `resync`) but
 * reads only the event name and `seq` of each message instead of parsing its JSON. One
 * process can then stand in for 2,000 walls and tablets, each of which would parse only its
 * own messages. The server cannot tell it from socket.io-client.
 */
export class LeanLiveClient {
  private readonly socket: WebSocket;
  private seq: number | null = null;
  private awaiting = true;
  resyncs = 0;

  constructor(
    origin: string,
    auth: LiveHandshakeAuth,
    private readonly onMessage: (message: LeanMessage) => void,
    onClose: () => void,
  ) {
    this.socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: true });
    this.socket.on('message', (data: Buffer) => this.receive(data.toString('utf8'), auth));
    this.socket.on('close', onClose);
    this.socket.on('error', () => undefined);
  }

  close(): void {
    this.socket.terminate();
  }

  private receive(frame: string, auth: LiveHandshakeAuth): void {
    const type = frame[0];
    if (type === '0') this.socket.send(`40${LIVE_NAMESPACE},${JSON.stringify(auth)}`);
    else if (type === '2') this.socket.send('3');
    else if (type === '4' && frame.startsWith(EVENT, 1)) this.event(frame.slice(1));
  }

  private event(packet: string): void {
    const nameEnd = packet.indexOf('"', EVENT.length);
    const event = packet.slice(EVENT.length, nameEnd) as LeanMessage['event'];
    const seq = Number(SEQ.exec(packet.slice(nameEnd + 2, nameEnd + 40))?.[1] ?? Number.NaN);
    this.onMessage({ event, seq, packet });
    if (event === 'snapshot') {
      this.seq = seq;
      this.awaiting = false;
    } else if (event === 'delta' && !this.awaiting && this.seq !== null) {
      if (seq === this.seq + 1) this.seq = seq;
      else this.resync();
    } else if (event === 'heartbeat' && !this.awaiting && this.seq !== null && seq > this.seq) {
      this.resync();
    }
  }

  /** What the wall does on a gap: ask for a snapshot and ignore deltas until it comes. */
  private resync(): void {
    this.awaiting = true;
    this.resyncs += 1;
    this.socket.send(`42${LIVE_NAMESPACE},["resync"]`);
  }
}
