import type { Snapshot } from '../../contract';
import type { LiveNamespace } from './live-push';

/**
 * Sockets due a snapshot, by room. Those asking in the same turn of the event loop are sent
 * one snapshot per room, built and serialized once for all of them. Nothing is sent before
 * `open()` (the aggregator is still replaying the log).
 */
export class SnapshotQueue {
  private readonly waiting = new Map<string, Set<string>>();
  private scheduled = false;
  private opened = false;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly snapshotOf: (room: string) => Snapshot,
  ) {}

  add(room: string, socketId: string): void {
    const ids = this.waiting.get(room);
    if (ids) ids.add(socketId);
    else this.waiting.set(room, new Set([socketId]));
    if (this.scheduled || !this.opened) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  open(): void {
    this.opened = true;
    this.flush();
  }

  flush(): void {
    if (!this.opened) return;
    for (const [room, ids] of this.waiting) {
      this.waiting.delete(room);
      const live = [...ids].filter((id) => this.nsp.sockets.has(id));
      if (live.length > 0) this.nsp.local.to(live).emit('snapshot', this.snapshotOf(room));
    }
  }
}
