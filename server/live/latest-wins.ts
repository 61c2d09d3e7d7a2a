export interface TickPlan {
  /** Sockets that get no delta or heartbeat this tick (behind, or about to get a snapshot). */
  skip: string[];
  /** Sockets that were behind and have drained: each gets one fresh snapshot instead of the deltas it missed. */
  refresh: string[];
}

/**
 * Latest wins. A socket that has not drained what it was sent a whole tick ago (its transport
 * was still busy at two tick checks in a row) is behind: it gets no more deltas and is marked
 * dirty; once drained it gets one snapshot. A slow client thus never makes the server queue
 * stale deltas (at most one tick's worth waits behind a message in flight), and never shows
 * old numbers as current. A single busy check is not enough: a large snapshot that is still
 * being compressed or written when the next tick comes is no sign of a slow client.
 */
export class LatestWins {
  private readonly dirty = new Set<string>();
  private readonly busyTicks = new Map<string, number>();

  /** Decide, for this tick, who is skipped and who gets a fresh snapshot. */
  plan(sockets: Iterable<readonly [id: string, writable: boolean]>): TickPlan {
    const skip: string[] = [];
    const refresh: string[] = [];
    for (const [id, writable] of sockets) {
      if (!writable) {
        const busy = (this.busyTicks.get(id) ?? 0) + 1;
        this.busyTicks.set(id, busy);
        if (busy >= 2) this.dirty.add(id);
        if (this.dirty.has(id)) skip.push(id);
      } else {
        this.busyTicks.delete(id);
        if (this.dirty.delete(id)) {
          refresh.push(id);
          skip.push(id);
        }
      }
    }
    return { skip, refresh };
  }

  /** A socket asked for a snapshot while busy: it gets one when it drains. */
  markDirty(id: string): void {
    this.dirty.add(id);
  }

  isDirty(id: string): boolean {
    return this.dirty.has(id);
  }

  forget(id: string): void {
    this.dirty.delete(id);
    this.busyTicks.delete(id);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }
}
