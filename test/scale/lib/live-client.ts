import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type Summary } from '../../../contract';

export interface LiveClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** The summary as this client last got it, from a snapshot or a delta. */
  latest(): Summary;
  close(): void;
}

/** A real socket.io client of the wall, connected once its first snapshot has arrived. */
export function liveClient(base: string, token: string, scope: string): Promise<LiveClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${base}${LIVE_NAMESPACE}`, {
    auth: { token, scope },
    transports: ['websocket'],
    forceNew: true,
  });
  let latest: Summary | undefined;
  const client: LiveClient = {
    socket,
    latest() {
      if (latest === undefined) throw new Error('no snapshot yet');
      return latest;
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.on('snapshot', (snapshot) => {
      latest = snapshot.summary;
      resolve(client);
    });
    socket.on('delta', (delta) => {
      if (delta.summary) latest = delta.summary;
    });
    socket.on('connect_error', reject);
  });
}
