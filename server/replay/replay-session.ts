import { DateTime } from 'luxon';
import { MAX_REPLAY_SPEED, parsePeriod, type CaseItem, type Delta, type Period, type ReplayClock, type Snapshot, type WallEvaluation } from '../../contract';
import type { Aggregator } from '../core/aggregator';
import type { CaseEventRecord } from '../core/case-event-record';
import type { CityIndex } from '../core/city-index';
import { AlertsEngine, REPORT_HISTORY_MS, type AlertsOptions } from '../live/alerts';
import { buildDeltas } from '../live/delta-builder';
import type { LiveSocket } from '../live/live-push';
import { RoomMap } from '../live/rooms';
import { buildSnapshot } from '../live/snapshot-builder';
import type { Replicas } from './replicas';

const HOUR = 3_600_000;
/** How long of real time a replay's timeline lasts before the next one is fetched. */
const TIMELINE_REAL_MS = 120_000;
/** The 考核 panel of a replay is recomputed once a minute of real time, like a live room's. */
const EVALUATION_REFRESH_MS = 60_000;

export interface ReplayDeps {
  replicas: Replicas;
  city: CityIndex;
  alerts: AlertsOptions;
  /** The server's clock, epoch ms: a replay runs up to it. */
  now: () => number;
  recentLimit: number;
  alertLimit: number;
}

/**
 * One replaying wall (复盘, docs/replay.md#replaying-walls): its own clock, its own replica of the
 * past moved forward by the log's events in time order, and the live protocol's messages of that
 * clock for its one socket — so the wall's code is the live wall's.
 */
export class ReplaySession {
  private replica: Aggregator | undefined;
  private alerts: AlertsEngine | undefined;
  private clock: number;
  private speed: number;
  private readonly until: number;
  private seq = 0;
  private timeline: CaseEventRecord[] = [];
  private cursor = 0;
  /** The timeline holds every event up to here. */
  private timelineUntil = 0;
  private fetching: Promise<void> | undefined;
  private lastReal: number;
  private evaluation: { at: number; value: WallEvaluation } | undefined;
  /** What the 考核 panel of the clock's month is read from (Replicas.evaluator). */
  private months: { month: string; evaluator: Aggregator } | undefined;
  /** Rebuilding after a start or a seek: ticks wait for it. */
  private building: Promise<void> | undefined;
  private readonly rooms: RoomMap;
  private closed = false;
  /** A tick still fetching its timeline: the next one waits. */
  private ticking = false;

  constructor(
    private readonly socket: LiveSocket,
    private readonly deps: ReplayDeps,
    from: number,
    speed: number,
  ) {
    this.clock = from;
    this.speed = speed;
    this.until = deps.now();
    this.lastReal = performance.now();
    this.rooms = new RoomMap(deps.city);
    socket.on('play', (next: unknown) => this.play(next));
    socket.on('seek', (at: unknown) => this.seek(at));
    socket.on('resync', () => {
      if (!this.building) this.sendSnapshot();
    });
  }

  get scope(): string {
    return this.socket.data.scope;
  }

  /** Rebuilds the past at the clock and sends the snapshot. */
  start(): Promise<void> {
    this.building = this.rebuild().finally(() => (this.building = undefined));
    return this.building;
  }

  /** One tick of real time: the clock moves on, the events it passed are applied, the socket is told. */
  async tick(): Promise<void> {
    if (this.building || this.closed || this.ticking || !this.replica || !this.alerts) return;
    this.ticking = true;
    try {
      await this.step();
    } finally {
      this.ticking = false;
    }
  }

  private async step(): Promise<void> {
    if (!this.replica || !this.alerts) return;
    // Real time, not the server's clock (which tests may hold still): the replay runs at speed × it.
    const real = performance.now();
    const elapsed = real - this.lastReal;
    this.lastReal = real;
    const target = Math.min(this.until, this.clock + this.speed * elapsed);
    if (target >= this.until && this.speed > 0) this.speed = 0;
    await this.advanceTo(target);
    // The panel keeps its figures until the clock's new month is ready (it may be rebuilt from the log, or refused while another rebuild runs).
    this.evaluatorOfMonth().catch(() => undefined);
    if (this.building || this.closed || !this.alerts) return;
    const replica = this.replica;
    replica.advance();
    const changes = replica.drainChanges();
    const items = new Map<string, CaseItem | undefined>();
    const item = (caseId: string) => {
      if (!items.has(caseId)) items.set(caseId, replica.caseItem(caseId));
      return items.get(caseId);
    };
    const alerts = this.alerts.tick({ now: this.clock, passed: changes.overdue, changed: changes.cases, item, report: (caseId) => replica.reportOf(caseId) });
    const scope = this.scope;
    if (changes.newDay) {
      this.sendSnapshot();
      return;
    }
    const { bodies, summaries } = buildDeltas({
      changes,
      source: replica,
      rooms: this.rooms,
      occupied: (room) => room === scope,
      occupiedCount: 1,
      item,
      alerts,
      caseLimit: this.deps.recentLimit,
    });
    let body = bodies.get(scope);
    const evaluation = this.evaluationAt(real);
    if (evaluation.changed) body = { ...body, evaluation: evaluation.value };
    if (!body) {
      this.socket.emit('heartbeat', { seq: this.seq, asOf: this.iso(this.clock), replay: this.clockOf() });
      return;
    }
    this.seq += 1;
    const delta: Delta = { seq: this.seq, ...body, replay: this.clockOf() };
    if (summaries.has(scope)) {
      const changed = new Set([...changes.scopes, ...changes.grids]);
      delta.summary = this.socket.data.deltaChildren === 'all' ? replica.summary(scope) : replica.summaryOfChildren(scope, (code) => changed.has(code));
    }
    this.socket.emit('delta', delta);
  }

  /** Runs the clock at `speed` (0 pauses), from the instant it has reached. */
  play(next: unknown): void {
    if (typeof next !== 'number' || !(next >= 0 && next <= MAX_REPLAY_SPEED)) return;
    this.lastReal = performance.now();
    this.speed = this.clock >= this.until ? 0 : next;
  }

  /** Moves the clock to an instant (ISO with offset) and sends the snapshot of it. */
  seek(at: unknown): void {
    const instant = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    if (!Number.isFinite(instant) || this.building) return;
    this.deps.replicas.check(instant).then(
      () => {
        if (this.building || this.closed) return;
        this.clock = Math.min(instant, this.until);
        this.start().catch((error: unknown) => {
          this.socket.emit('revoked', { reason: `the replay could not seek: ${error instanceof Error ? error.message : String(error)}` });
          this.socket.disconnect(true);
        });
      },
      () => undefined,
    );
  }

  stop(): void {
    this.closed = true;
  }

  private async rebuild(): Promise<void> {
    const clockAt = this.clock;
    const replica = await this.deps.replicas.forReplay(clockAt, () => this.clock);
    await this.evaluatorOfMonth();
    if (this.closed) return;
    this.replica = replica;
    this.alerts = new AlertsEngine(this.deps.alerts);
    this.alerts.seed(replica.reportedSince(clockAt - REPORT_HISTORY_MS));
    this.timeline = [];
    this.cursor = 0;
    this.timelineUntil = clockAt;
    this.evaluation = undefined;
    this.lastReal = performance.now();
    this.sendSnapshot();
  }

  /** Applies the timeline's events up to `target`, fetching the next stretch of it as needed. */
  private async advanceTo(target: number): Promise<void> {
    const replica = this.replica;
    if (!replica) return;
    while (this.clock < target) {
      if (this.cursor >= this.timeline.length && this.timelineUntil < target) await this.fetchTimeline();
      if (this.building || this.closed) return;
      const stop = Math.min(target, this.timelineUntil);
      const batch: CaseEventRecord[] = [];
      while (this.cursor < this.timeline.length && this.timeline[this.cursor].at <= stop) batch.push(this.timeline[this.cursor++]);
      this.clock = stop;
      replica.applyAll(batch);
    }
  }

  private fetchTimeline(): Promise<void> {
    this.fetching ??= (async () => {
      const from = this.timelineUntil;
      const to = Math.min(this.until, from + Math.max(HOUR, this.speed * TIMELINE_REAL_MS));
      const events = await this.deps.replicas.timeline(from, to);
      if (this.timelineUntil !== from) return;
      this.timeline = events;
      this.cursor = 0;
      this.timelineUntil = to;
    })().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private sendSnapshot(): void {
    const replica = this.replica;
    if (!replica || !this.alerts || this.closed) return;
    const scope = this.scope;
    const { value } = this.evaluationAt(performance.now());
    const snapshot: Snapshot = {
      ...buildSnapshot(replica, scope, this.seq, this.alerts.activeFor(scope, this.deps.alertLimit), this.deps.recentLimit, value),
      replay: this.clockOf(),
    };
    this.socket.emit('snapshot', snapshot);
  }

  /** The evaluator of the clock's month, fetched when the clock enters another month. */
  private async evaluatorOfMonth(): Promise<void> {
    const month = this.iso(this.clock).slice(0, 7);
    if (this.months?.month === month) return;
    const evaluator = await this.deps.replicas.evaluator(parsePeriod(month) as Period, false);
    // The clock may have entered yet another month meanwhile.
    if (this.iso(this.clock).slice(0, 7) === month) this.months = { month, evaluator };
  }

  /**
   * The 考核 panel, recomputed when due (once a minute of real time): the month up to the clock
   * from the main aggregator, or before its window from the log (the replica holds only the
   * cases of the replayed day), the lights of the replica.
   */
  private evaluationAt(real: number): { value: WallEvaluation; changed: boolean } {
    const kept = this.evaluation;
    const months = this.months;
    const due = !kept || real - kept.at >= EVALUATION_REFRESH_MS;
    if (kept && (!due || months?.month !== this.iso(this.clock).slice(0, 7))) return { value: kept.value, changed: false };
    if (!months) throw new Error('the replay has no evaluator of its month');
    const lights = this.replica?.lights(this.scope) ?? { red: 0, yellow: 0 };
    const value = { ...months.evaluator.monthEvaluation(this.scope, this.clock), lights };
    this.evaluation = { at: real, value };
    return { value, changed: true };
  }

  private clockOf(): ReplayClock {
    return { at: this.iso(this.clock), speed: this.speed, until: this.iso(this.until) };
  }

  private iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.deps.alerts.zone }).toISO() ?? new Date(ms).toISOString();
  }
}
