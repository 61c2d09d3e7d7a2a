/**
 * Child process of bench/fanout.ts, the reference: a raw `ws` server that broadcasts, once a
 * tick, the very bytes our server sent to each room (recorded from one client per room), to
 * the same clients. No rooms library, no protocol, no state: the floor of fan-out cost.
 * argv: tickMs; then IPC {type: 'recording', rooms: {room: string[]}}
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { serveSampler } from './fanout-sampler';

const tickMs = Number(process.argv[2]);
const members = new Map<string, Set<WebSocket>>();
let recording = new Map<string, Buffer[]>();
let tick = 0;

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const room = new URL(request.url ?? '/', 'http://x').searchParams.get('room') ?? 'city';
  const set = members.get(room) ?? new Set<WebSocket>();
  members.set(room, set);
  set.add(socket);
  socket.on('close', () => set.delete(socket));
});
await new Promise<void>((resolve) => server.once('listening', () => resolve()));

const timer = setInterval(() => {
  for (const [room, sockets] of members) {
    const messages = recording.get(room);
    if (!messages || messages.length === 0) continue;
    const bytes = messages[tick % messages.length];
    for (const socket of sockets) socket.send(bytes);
  }
  tick += 1;
}, tickMs);

serveSampler();
process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'recording' && 'rooms' in message) {
    const rooms = message.rooms as Record<string, string[]>;
    recording = new Map(Object.entries(rooms).map(([room, list]) => [room, list.map((m) => Buffer.from(m))]));
  }
  if (message === 'stop') {
    clearInterval(timer);
    for (const socket of server.clients) socket.terminate();
    server.close(() => process.exit(0));
  }
});
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
process.send?.({ type: 'ready', port: address.port });
