import { setImmediate as turn } from 'node:timers/promises';
import type { LiveSocket } from '../live/live-push';
import { ReplaySession, type ReplayDeps } from './replay-session';

/**
 * The replaying walls of this node, each with its own clock (docs/replay.md#replaying-walls):
 * started at the handshake, moved on every tick, forgotten when their socket goes. At most
 * `max` at once: each holds a replica of a day and costs its rebuild.
 */
export class Replays {
  private readonly sessions = new Map<string, ReplaySession>();

  constructor(
    private readonly deps: ReplayDeps,
    readonly max: number,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Why another replay cannot start now, or undefined. */
  refusal(): string | undefined {
    if (this.sessions.size < this.max) return undefined;
    return `${this.sessions.size} replays are running, the most this server runs at once (ONESCREEN_REPLAY_MAX): try again when one ends`;
  }

  attach(socket: LiveSocket, from: number, speed: number): void {
    const session = new ReplaySession(socket, this.deps, from, speed);
    this.sessions.set(socket.id, session);
    socket.on('disconnect', () => {
      session.stop();
      this.sessions.delete(socket.id);
    });
    session.start().catch((error: unknown) => {
      socket.emit('revoked', { reason: `the replay could not start: ${error instanceof Error ? error.message : String(error)}` });
      socket.disconnect(true);
    });
  }

  /**
   * Moves every replay on, one after the other with a turn of the event loop between them: each
   * step is a stretch of events and a delta of its scope, and taken together in one go they held
   * the loop (ingest, REST, the live clients' tick) for all the walls at once.
   */
  async tick(): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      await turn();
      await session.tick();
    }
  }
}
