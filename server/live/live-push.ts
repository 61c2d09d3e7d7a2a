import { DateTime } from 'luxon';
import type { Namespace, Socket } from 'socket.io';
import type { CaseItem, ClientToServerEvents, Delta, ScopeLevel, ServerToClientEvents, Snapshot } from '../../contract';
import type { CityIndex } from '../core/city-index';
import type { AlertsEngine } from './alerts';
import type { ReplayRequest } from './handshake';
import { buildDeltas } from './delta-builder';
import { LatestWins } from './latest-wins';
import type { LiveSource } from './live-source';
import { RoomEvaluations } from './room-evaluations';
import { RoomMap } from './rooms';
import { buildSnapshot } from './snapshot-builder';
import { SnapshotQueue } from './snapshot-queue';
import { TimeSlicer } from './time-slices';

/** What the handshake leaves on each socket. */
export interface LiveSocketData {
  scope: string;
  token: string;
  deltaChildren: 'all' | 'changed';
  /** A replaying socket's start and speed; live otherwise. */
  replay?: ReplayRequest;
}

/** The sub-room of a room's sockets that asked for every child in every delta (`deltaChildren: 'all'`). */
const allChildren = (room: string): string => `${room}:all`;

const LEVEL_RANK: Record<ScopeLevel, number> = { grid: 0, community: 1, street: 2, district: 3, city: 4 };

type NoEvents = Record<string, never>;
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, NoEvents, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoEvents, LiveSocketData>;

export interface LivePushOptions {
  nsp: LiveNamespace;
  source: LiveSource;
  city: CityIndex;
  alerts: AlertsEngine;
  now: () => number;
  zone: string;
  /** Latest cases in a snapshot, and most cases in a delta; default 50. */
  recentLimit?: number;
  /** Most active alerts listed in a snapshot; default 100. */
  alertLimit?: number;
  /** Longest stretch a tick holds the event loop before yielding; default 10 ms. */
  sliceMs?: number;
  /** The tick period: a socket busy for a whole tick (and at least a second) is behind. */
  tickMs: number;
  /** The client build served beside this push (`clientBuildOf`), told in every snapshot. */
  build?: string;
  /** How often a room's 考核 panel is recomputed; default a minute. */
  evaluationRefreshMs?: number;
}

export interface TickReport {
  rooms: number;
  deltas: number;
  heartbeats: number;
  /** Sockets behind this tick (no delta). */
  skipped: number;
  /** Sockets that drained and got a fresh snapshot. */
  refreshed: number;
  newDay: boolean;
}

/**
 * Live push over one Socket.IO namespace: snapshots on join and resync, then once per tick a
 * delta per occupied room whose values changed (built and serialized once per room, emitted
 * with `local` so each node only serves its own sockets from its own aggregates) and a
 * heartbeat to the others.
 */
export class LivePush {
  private readonly rooms: RoomMap;
  private readonly latest: LatestWins;
  /** Sequence number of each live room; a room forgotten when empty restarts at 0. */
  private readonly seqs = new Map<string, number>();
  /** Snapshots built since the last tick; valid until the next delta. */
  private readonly cache = new Map<string, Snapshot>();
  private readonly snapshots: SnapshotQueue;
  private readonly evaluations: RoomEvaluations;
  private readonly recentLimit: number;
  private readonly alertLimit: number;
  private readonly sliceMs: number;
  private ticking = false;
  /** False until the aggregator holds the whole log: sockets may join, their snapshots wait. */
  private started = false;

  constructor(private readonly options: LivePushOptions) {
    this.rooms = new RoomMap(options.city);
    this.recentLimit = options.recentLimit ?? 50;
    this.alertLimit = options.alertLimit ?? 100;
    this.sliceMs = options.sliceMs ?? 10;
    this.latest = new LatestWins(Math.max(options.tickMs, 1000));
    this.snapshots = new SnapshotQueue(options.nsp, (room) => this.snapshotOf(room));
    this.evaluations = new RoomEvaluations((room) => options.source.wallEvaluation(room), options.evaluationRefreshMs ?? 60_000);
  }

  /** A socket passed the handshake: join its scope's room and send it a snapshot. */
  attach(socket: LiveSocket): void {
    const room = socket.data.scope;
    void socket.join(socket.data.deltaChildren === 'all' ? [room, allChildren(room)] : room);
    if (!this.seqs.has(room)) this.seqs.set(room, 0);
    this.requestSnapshot(socket, true);
    socket.on('resync', () => this.requestSnapshot(socket));
    socket.on('disconnect', () => this.latest.forget(socket.id));
  }

  /**
   * The aggregator has folded in the whole log: what it drained meanwhile is the replay, not
   * news, so it is dropped; sockets that joined during the replay get their snapshots now.
   */
  start(): void {
    if (this.started) return;
    this.options.source.drainChanges();
    this.started = true;
    this.snapshots.open();
  }

  /**
   * The live part of a tick (the ticker has advanced the aggregator): drain its changes, then
   * send each occupied room its delta (or a heartbeat) in time slices. Resolves when every room
   * has been served; undefined when skipped (before the replay, or while the previous tick is
   * still sending).
   */
  async tick(): Promise<TickReport | undefined> {
    if (!this.started || this.ticking) return undefined;
    this.ticking = true;
    try {
      return await this.runTick();
    } finally {
      this.ticking = false;
    }
  }

  private async runTick(): Promise<TickReport> {
    const { source, nsp } = this.options;
    const slicer = new TimeSlicer(this.sliceMs);
    const changes = source.drainChanges();
    this.cache.clear();
    const now = this.options.now();

    // Items are built only when asked for: by the alerts (alerted cases) and by
    // the deltas of occupied rooms. With nobody connected, most changed cases cost nothing.
    const items = new Map<string, CaseItem | undefined>();
    const item = (caseId: string): CaseItem | undefined => {
      if (items.has(caseId)) return items.get(caseId);
      const found = source.caseItem(caseId);
      items.set(caseId, found);
      return found;
    };
    const alerts = this.options.alerts.tick({ now, passed: changes.overdue, changed: changes.cases, item, report: (caseId) => source.reportOf(caseId) });

    for (const room of this.seqs.keys()) if (!this.occupied(room)) this.seqs.delete(room);
    this.evaluations.keepOnly(this.seqs);
    const report: TickReport = { rooms: this.seqs.size, deltas: 0, heartbeats: 0, skipped: 0, refreshed: 0, newDay: changes.newDay };
    if (this.seqs.size === 0) return report;
    if (slicer.due()) await slicer.yield();

    const plan = this.latest.plan(this.sendStates(), performance.now());
    report.skipped = plan.skip.length - plan.refresh.length;
    report.refreshed = plan.refresh.length;
    const steps: Array<() => void> = [];
    if (changes.newDay) {
      for (const room of this.seqs.keys()) steps.push(() => nsp.local.to(room).except(plan.skip).emit('snapshot', this.snapshotOf(room)));
    } else {
      const { bodies, summaries } = buildDeltas({
        changes,
        source,
        rooms: this.rooms,
        occupied: (room) => this.seqs.has(room),
        occupiedCount: this.seqs.size,
        item,
        alerts,
        caseLimit: this.recentLimit,
      });
      const changedCodes = new Set([...changes.scopes, ...changes.grids]);
      const changed = (code: string): boolean => changedCodes.has(code);
      const asOf = DateTime.fromMillis(now, { zone: this.options.zone }).toISO() ?? '';
      for (const room of this.narrowestFirst()) {
        let body = bodies.get(room);
        steps.push(() => {
          const seq = this.seqs.get(room);
          if (seq === undefined) return;
          const evaluation = this.evaluations.due(room, now) ? this.evaluations.refresh(room, now) : undefined;
          if (evaluation) body = { ...body, evaluation };
          if (!body) {
            nsp.local.to(room).except(plan.skip).emit('heartbeat', { seq, asOf });
            report.heartbeats += 1;
            return;
          }
          this.seqs.set(room, seq + 1);
          // A snapshot built before this delta carries the older number.
          this.cache.delete(room);
          this.sendDelta(room, { seq: seq + 1, ...body }, summaries.has(room) ? changed : undefined, plan.skip);
          report.deltas += 1;
        });
      }
    }
    steps.push(() => {
      for (const id of plan.refresh) {
        const socket = nsp.sockets.get(id);
        if (socket) this.snapshots.add(socket.data.scope, id);
      }
      this.snapshots.flush();
    });
    await slicer.run(steps);
    return report;
  }

  /**
   * Sends a room its delta, with its summary when its figures changed (`changed` picks the
   * children that did). Most sockets take only those children, and only they are computed;
   * sockets that asked for every child get a second variant. One serialization per variant.
   */
  private sendDelta(room: string, delta: Delta, changed: ((code: string) => boolean) | undefined, skip: string[]): void {
    const { nsp, source } = this.options;
    if (!changed) {
      nsp.local.to(room).except(skip).emit('delta', delta);
      return;
    }
    const everyone = this.occupancy(room);
    const all = this.occupancy(allChildren(room));
    if (all === 0) {
      nsp.local.to(room).except(skip).emit('delta', { ...delta, summary: source.summaryOfChildren(room, changed) });
      return;
    }
    const summary = source.summary(room);
    nsp.local.to(allChildren(room)).except(skip).emit('delta', { ...delta, summary });
    if (everyone > all) {
      const trimmed = { ...summary, children: summary.children.filter((c) => changed(c.code)) };
      nsp.local.to(room).except([...skip, allChildren(room)]).emit('delta', { ...delta, summary: trimmed });
    }
  }

  /** The room's current sequence number, undefined when nobody is in it. */
  seqOf(room: string): number | undefined {
    return this.seqs.get(room);
  }

  stats(): { sockets: number; rooms: number; dirty: number } {
    return { sockets: this.options.nsp.sockets.size, rooms: this.seqs.size, dirty: this.latest.dirtyCount };
  }

  /**
   * A resync from a socket that is busy would only queue behind what it has not drained yet:
   * it gets one snapshot when it drains. Repeated resyncs before that change nothing.
   */
  private requestSnapshot(socket: LiveSocket, onJoin = false): void {
    if (!onJoin && (this.latest.isDirty(socket.id) || !socket.conn.transport.writable)) {
      this.latest.markDirty(socket.id);
      return;
    }
    this.snapshots.add(socket.data.scope, socket.id);
  }

  private snapshotOf(room: string): Snapshot {
    const cached = this.cache.get(room);
    if (cached) return cached;
    const alerts = this.options.alerts.activeFor(room, this.alertLimit);
    const evaluation = this.evaluations.current(room, this.options.now());
    const snapshot = buildSnapshot(this.options.source, room, this.seqs.get(room) ?? 0, alerts, this.recentLimit, evaluation, this.options.build);
    this.cache.set(room, snapshot);
    return snapshot;
  }

  /**
   * Occupied rooms, grids and streets first, the city last: the smallest messages go out first,
   * so most sockets have their delta before the city's large one is written to its walls.
   */
  private narrowestFirst(): string[] {
    const { city } = this.options;
    const rank = (room: string): number => LEVEL_RANK[city.levelOf(room) ?? 'city'];
    return [...this.seqs.keys()].sort((a, b) => rank(a) - rank(b));
  }

  private occupied(room: string): boolean {
    return this.occupancy(room) > 0;
  }

  private occupancy(room: string): number {
    return this.options.nsp.adapter.rooms.get(room)?.size ?? 0;
  }

  private *sendStates(): Iterable<readonly [string, boolean]> {
    for (const [id, socket] of this.options.nsp.sockets) yield [id, socket.conn.transport.writable];
  }
}
