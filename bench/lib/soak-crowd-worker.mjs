// The soak's socket.io clients on a thread of their own (see soak-crowd.ts). Plain JS: a worker
// thread does not inherit the TypeScript loader.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

const { base, token, scopes, namespace } = workerData;
const sockets = [];
const counts = { snapshots: 0, deltas: 0, heartbeats: 0, disconnects: 0, reconnects: 0, connectErrors: 0, reasons: {} };
const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();

function open(scope) {
  const socket = io(`${base}${namespace}`, { auth: { token, scope }, transports: ['websocket'], forceNew: true, timeout: 60_000 });
  sockets.push(socket);
  let connected = false;
  socket.on('connect', () => {
    if (connected) counts.reconnects++;
    connected = true;
  });
  socket.on('snapshot', () => counts.snapshots++);
  socket.on('delta', () => counts.deltas++);
  socket.on('heartbeat', () => counts.heartbeats++);
  socket.on('disconnect', (reason) => {
    counts.disconnects++;
    counts.reasons[reason] = (counts.reasons[reason] ?? 0) + 1;
  });
  socket.on('connect_error', () => counts.connectErrors++);
  return new Promise((resolve) => socket.once('snapshot', resolve));
}

parentPort.on('message', async (message) => {
  if (message === 'connect') {
    // In waves of 50, each once its snapshots are in.
    for (let from = 0; from < scopes.length; from += 50) await Promise.all(scopes.slice(from, from + 50).map(open));
    parentPort.postMessage({ connected: true });
  } else if (message === 'stats') {
    parentPort.postMessage({ stats: { ...counts, reasons: { ...counts.reasons }, lagMaxMs: lag.max / 1e6 } });
    lag.reset();
  } else if (message === 'close') {
    for (const socket of sockets) socket.close();
    parentPort.close();
  }
});
