import type { WallEvaluation } from '../../contract';

/**
 * The 考核 panel of each room (this month so far, lights of now), recomputed at most once per
 * `refreshMs`: a month's evaluation is a pass over the scope's cases, and month-level figures
 * move slowly, so a room pays it once a minute rather than every tick (docs/live.md#messages).
 */
export class RoomEvaluations {
  private readonly kept = new Map<string, { at: number; json: string; value: WallEvaluation }>();

  constructor(
    private readonly compute: (room: string) => WallEvaluation,
    private readonly refreshMs: number,
  ) {}

  /** The room's panel for a snapshot: the kept one while fresh, else computed now. */
  current(room: string, now: number): WallEvaluation {
    const kept = this.kept.get(room);
    return kept && now - kept.at < this.refreshMs ? kept.value : this.recompute(room, now).value;
  }

  /** Whether the room's panel is due for recomputing. */
  due(room: string, now: number): boolean {
    const kept = this.kept.get(room);
    return kept === undefined || now - kept.at >= this.refreshMs;
  }

  /** Recomputes the room's panel: the new one when it differs from what the room has, else undefined. */
  refresh(room: string, now: number): WallEvaluation | undefined {
    const { value, changed } = this.recompute(room, now);
    return changed ? value : undefined;
  }

  private recompute(room: string, now: number): { value: WallEvaluation; changed: boolean } {
    const value = this.compute(room);
    // The cut-off moves every time: the panel changed only when a figure did.
    const json = JSON.stringify({ ...value, asOf: '' });
    const changed = this.kept.get(room)?.json !== json;
    this.kept.set(room, { at: now, json, value });
    return { value, changed };
  }

  /** Forgets the rooms nobody is in. */
  keepOnly(rooms: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
    for (const room of this.kept.keys()) if (!rooms.has(room)) this.kept.delete(room);
  }
}
