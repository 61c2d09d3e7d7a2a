import type { Alert, CaseItem, Delta, GridRow } from '../../contract';
import type { LiveChanges, LiveSource } from './live-source';
import type { RoomMap } from './rooms';

export type DeltaBody = Omit<Delta, 'seq'>;

export interface TickDeltas {
  /** Each occupied room's changed rows, cases and alerts (possibly empty when only its figures changed). */
  bodies: Map<string, DeltaBody>;
  /** Rooms whose figures changed: their delta carries the summary, read when it is sent. */
  summaries: Set<string>;
}

export interface DeltaInput {
  changes: LiveChanges;
  source: LiveSource;
  rooms: RoomMap;
  /** Whether a room has sockets; nothing is built for empty rooms. */
  occupied(room: string): boolean;
  /** How many rooms have sockets: once that many case lists are full, no older case is looked up. */
  occupiedCount: number;
  /** A changed case's item, looked up at most once a tick. */
  item(caseId: string): CaseItem | undefined;
  /** Alert transitions of this tick. */
  alerts: readonly Alert[];
  /** Most cases per delta (the newest). */
  caseLimit: number;
}

/**
 * Sorts one tick's changes into each occupied room's delta: only the room's changed grid rows,
 * its new or changed cases (newest first) and its alert transitions, plus whether its summary
 * changed. Every aggregator call is made once per tick, whatever the number of rooms; the
 * summaries, the costly part, are left to the sender.
 */
export function buildDeltas(input: DeltaInput): TickDeltas {
  const { changes, source, rooms, occupied } = input;
  const deltas = new Map<string, DeltaBody>();
  const deltaOf = (room: string): DeltaBody => {
    let delta = deltas.get(room);
    if (!delta) {
      delta = {};
      deltas.set(room, delta);
    }
    return delta;
  };

  const summaryRooms = new Set<string>();
  for (const scope of changes.scopes) if (occupied(scope)) summaryRooms.add(scope);

  for (const grid of changes.grids) {
    const targets = rooms.ofScope(grid).filter(occupied);
    if (targets.length === 0) continue;
    const row: GridRow | undefined = source.grids(grid)[0];
    if (!row) continue;
    for (const room of targets) (deltaOf(room).grids ??= []).push(row);
    if (occupied(grid)) summaryRooms.add(grid);
  }

  const seen = new Set<string>();
  let full = 0;
  for (let i = changes.cases.length - 1; i >= 0 && full < input.occupiedCount; i -= 1) {
    const caseId = changes.cases[i];
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    const item = input.item(caseId);
    if (!item) continue;
    for (const room of rooms.ofScope(item.gridCode)) {
      if (!occupied(room)) continue;
      const delta = deltaOf(room);
      const cases = (delta.cases ??= []);
      if (cases.length >= input.caseLimit) continue;
      cases.push(item);
      if (cases.length === input.caseLimit) full += 1;
    }
  }

  for (const alert of input.alerts) {
    for (const room of rooms.ofScope(alert.scope)) if (occupied(room)) (deltaOf(room).alerts ??= []).push(alert);
  }

  for (const room of summaryRooms) deltaOf(room);
  return { bodies: deltas, summaries: summaryRooms };
}
