import { io, type Socket } from 'socket.io-client';
import { getCurrentScope, onScopeDispose } from 'vue';
import { LIVE_NAMESPACE, type ClientToServerEvents, type LiveHandshakeAuth, type ReplayClock, type ServerToClientEvents } from '../../contract';
import { useConnectionStore } from '../stores/connection';
import { useLiveStore, type LiveOutcome } from '../stores/live';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveOptions extends LiveHandshakeAuth {
  /** Server origin; defaults to the page's. */
  origin?: string;
  /** Backoff of socket.io-client's reconnection, in ms. */
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
}

export interface LiveConnection {
  readonly socket: LiveSocket;
  stop(): void;
}

/** The handshake of a (re)connection: a replay picks up where its clock is, not where it began. */
function handshake(options: LiveOptions, clock: ReplayClock | null): LiveHandshakeAuth {
  // The live store merges a delta's children by code, so it can take only the changed ones.
  const auth: LiveHandshakeAuth = { token: options.token, scope: options.scope, deltaChildren: options.deltaChildren ?? 'changed' };
  if (options.replay) auth.replay = clock ? { from: clock.at, speed: clock.speed } : options.replay;
  return auth;
}

/**
 * Reloads the page for the client build the server now serves, once the server answers the
 * page itself: a reload into a server that just went away would leave the wall on the browser's
 * error page, which does not come back by itself; the old client keeps running meanwhile.
 */
async function reloadWhenServed(): Promise<void> {
  try {
    const page = await fetch(globalThis.location.href, { cache: 'no-store' });
    if (page.ok) globalThis.location.reload();
  } catch {
    // The server went away again: the snapshot after the reconnect asks once more.
  }
}

/**
 * The one owner of the live socket: connects with the page's token and scope, feeds every
 * message to the live store, asks for a snapshot on a sequence gap, and mirrors the
 * connection state. socket.io-client reconnects by itself with randomized backoff.
 */
export function useLive(options: LiveOptions): LiveConnection {
  const live = useLiveStore();
  const connection = useConnectionStore();
  const origin = options.origin ?? globalThis.location.origin;
  const socket: LiveSocket = io(`${origin}${LIVE_NAMESPACE}`, {
    auth: (send) => send(handshake(options, live.replay)),
    transports: ['websocket'],
    reconnectionDelay: options.reconnectionDelay ?? 1000,
    reconnectionDelayMax: options.reconnectionDelayMax ?? 15_000,
    randomizationFactor: 0.5,
  });

  const follow = (outcome: LiveOutcome): void => {
    if (outcome === 'resync') socket.emit('resync');
    if (outcome === 'reload') void reloadWhenServed();
  };
  const onSnapshot: ServerToClientEvents['snapshot'] = (snapshot) => follow(live.applySnapshot(snapshot));
  const onDelta: ServerToClientEvents['delta'] = (delta) => follow(live.applyDelta(delta));
  const onHeartbeat: ServerToClientEvents['heartbeat'] = (heartbeat) => follow(live.applyHeartbeat(heartbeat));
  let revokedReason: string | null = null;
  const onRevoked: ServerToClientEvents['revoked'] = (notice) => {
    revokedReason = notice.reason;
  };
  const onConnect = (): void => {
    revokedReason = null;
    live.expectSnapshot();
    connection.setStatus('live');
  };
  const onDisconnect = (): void => {
    // A server-side disconnect (e.g. after `revoked`) is final; anything else is retried.
    connection.setStatus(socket.active ? 'reconnecting' : 'offline', revokedReason);
  };
  const onConnectError = (error: Error): void => {
    // An error the server raised in its handshake (bad token or scope) is final: no retry.
    connection.setStatus(socket.active ? 'reconnecting' : 'offline', socket.active ? null : error.message);
  };

  socket.on('snapshot', onSnapshot);
  socket.on('delta', onDelta);
  socket.on('heartbeat', onHeartbeat);
  socket.on('revoked', onRevoked);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  const stopStaleWatch = connection.startStaleWatch();

  const stop = (): void => {
    stopStaleWatch();
    socket.off('snapshot', onSnapshot);
    socket.off('delta', onDelta);
    socket.off('heartbeat', onHeartbeat);
    socket.off('revoked', onRevoked);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.disconnect();
  };
  if (getCurrentScope()) onScopeDispose(stop);
  return { socket, stop };
}
