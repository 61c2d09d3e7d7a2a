export interface TickPlan {
  /** Sockets that get no delta or heartbeat this tick (behind, or about to get a snapshot). */
  skip: string[];
  /** Sockets that were behind and have drained: each gets one fresh snapshot instead of the deltas it missed. */
  refresh: string[];
}

/**
 * Latest wins: a socket whose send buffer has not drained gets no more deltas and is marked
 * dirty; once it has drained it gets one snapshot. A slow client therefore never makes the
 * server queue stale deltas, and never shows old numbers as current.
 */
export class LatestWins {
  private readonly dirty = new Set<string>();

  /**
   * Decide, for this tick, who is skipped and who gets a fresh snapshot. `behind` is true for a
   * socket that cannot take a message now without queueing it behind unsent ones.
   */
  plan(sockets: Iterable<readonly [id: string, behind: boolean]>): TickPlan {
    const skip: string[] = [];
    const refresh: string[] = [];
    for (const [id, behind] of sockets) {
      if (behind) {
        this.dirty.add(id);
        skip.push(id);
      } else if (this.dirty.delete(id)) {
        refresh.push(id);
        skip.push(id);
      }
    }
    return { skip, refresh };
  }

  /** A socket asked for a snapshot while behind: it gets one when it drains. */
  markDirty(id: string): void {
    this.dirty.add(id);
  }

  isDirty(id: string): boolean {
    return this.dirty.has(id);
  }

  forget(id: string): void {
    this.dirty.delete(id);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }
}
