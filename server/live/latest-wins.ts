export interface TickPlan {
  /** Sockets that get no delta or heartbeat this tick (behind, or about to get a snapshot). */
  skip: string[];
  /** Sockets that were behind and have drained: each gets one fresh snapshot instead of the deltas it missed. */
  refresh: string[];
}

/**
 * Latest wins. A socket whose transport is still busy (has not drained what it was sent) at
 * consecutive tick checks spanning at least `graceMs` is behind: it gets no more deltas and is
 * marked dirty; once drained it gets one snapshot. A slow client thus never makes the server
 * queue stale deltas (at most the grace period's worth waits behind a message in flight), and
 * never shows old numbers as current. One busy check is no sign of a slow client: a large
 * snapshot may still be on its way when the next tick comes (docs/live.md#latest-wins).
 */
export class LatestWins {
  private readonly dirty = new Set<string>();
  private readonly busySince = new Map<string, number>();

  constructor(private readonly graceMs: number) {}

  /** Decide, for this tick (at `now`, ms), who is skipped and who gets a fresh snapshot. */
  plan(sockets: Iterable<readonly [id: string, writable: boolean]>, now: number): TickPlan {
    const skip: string[] = [];
    const refresh: string[] = [];
    for (const [id, writable] of sockets) {
      if (!writable) {
        const since = this.busySince.get(id);
        if (since === undefined) this.busySince.set(id, now);
        else if (now - since >= this.graceMs) this.dirty.add(id);
        if (this.dirty.has(id)) skip.push(id);
      } else {
        this.busySince.delete(id);
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
    this.busySince.delete(id);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }
}
