import { Type, type Static } from '@sinclair/typebox';
import { ALERT_KINDS, ALERT_STATES, SCOPE_LEVELS } from './vocabulary';
import { CaseItemSchema, GridRowSchema, SummarySchema } from './summary';
import { WallEvaluationSchema } from './evaluation';

/** Socket.IO namespace of the live protocol (docs/live.md). */
export const LIVE_NAMESPACE = '/live';

export const AlertSchema = Type.Object({
  /** Stable while the alert is active: `raised` and `cleared` carry the same id. */
  id: Type.String(),
  kind: Type.Union(ALERT_KINDS.map((k) => Type.Literal(k))),
  state: Type.Union(ALERT_STATES.map((s) => Type.Literal(s))),
  /** The scope the alert is about (a grid or street code for surges, a grid for overdue). */
  scope: Type.String(),
  level: Type.Union(SCOPE_LEVELS.map((l) => Type.Literal(l))),
  name: Type.String(),
  at: Type.String(),
  /** Human-readable line in Chinese, e.g. "解放碑街道 1 小时上报 42 件，为近 7 日均值的 3.5 倍". */
  message: Type.String(),
  /** overdue: number of cases (aggregated when many fire at once); surge: reports in the last hour. */
  count: Type.Integer({ minimum: 0 }),
  lng: Type.Number(),
  lat: Type.Number(),
  caseIds: Type.Optional(Type.Array(Type.String())),
});
export type Alert = Static<typeof AlertSchema>;

/** Most times real time a replay runs (an hour a second). */
export const MAX_REPLAY_SPEED = 3600;

/** Where a replaying socket's clock stands (docs/replay.md#replaying-walls): on every message it gets. */
export const ReplayClockSchema = Type.Object({
  /** The replayed instant: every figure of the message is as it stood then. */
  at: Type.String(),
  /** Replayed time per real time; 0 while paused. */
  speed: Type.Number({ minimum: 0, maximum: MAX_REPLAY_SPEED }),
  /** Where the replay cannot go past: now, when it started. */
  until: Type.String(),
});
export type ReplayClock = Static<typeof ReplayClockSchema>;

export const SnapshotSchema = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  scope: Type.String(),
  date: Type.String(),
  summary: SummarySchema,
  grids: Type.Array(GridRowSchema),
  recent: Type.Array(CaseItemSchema),
  alerts: Type.Array(AlertSchema),
  /** The 考核 panel: this month so far, the children ranked, the red and yellow lights. */
  evaluation: WallEvaluationSchema,
  /**
   * The client build the server serves (absent when none is built): a page that sees it change
   * between snapshots reloads itself, so a wall left open across an upgrade runs the new client.
   */
  build: Type.Optional(Type.String()),
  /** Only on a replaying socket: its clock. */
  replay: Type.Optional(ReplayClockSchema),
});
export type Snapshot = Static<typeof SnapshotSchema>;

export const DeltaSchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  summary: Type.Optional(SummarySchema),
  /** Changed grid rows only. */
  grids: Type.Optional(Type.Array(GridRowSchema)),
  /** New or changed cases, newest first. */
  cases: Type.Optional(Type.Array(CaseItemSchema)),
  alerts: Type.Optional(Type.Array(AlertSchema)),
  /** The 考核 panel, when recomputed (at most once a minute) and changed. */
  evaluation: Type.Optional(WallEvaluationSchema),
  replay: Type.Optional(ReplayClockSchema),
});
export type Delta = Static<typeof DeltaSchema>;

/** Sent each tick to a room that had no delta, so a client can tell quiet from stale. */
export const HeartbeatSchema = Type.Object({ seq: Type.Integer({ minimum: 0 }), asOf: Type.String(), replay: Type.Optional(ReplayClockSchema) });
export type Heartbeat = Static<typeof HeartbeatSchema>;

/** Sent just before the server closes a socket whose token was revoked or no longer reads its scope. */
export const RevokedSchema = Type.Object({ reason: Type.String() });
export type Revoked = Static<typeof RevokedSchema>;

export interface LiveHandshakeAuth {
  token: string;
  scope: string;
  /**
   * `changed` (the default): in deltas, `summary.children` lists only the children whose
   * figures changed since the previous delta; the client merges them by `code` into the
   * children it has (snapshots always carry them all). A street's children are its grids, so
   * this makes a street room's deltas much smaller (bench/README.md#live-push). `all`: every
   * child in every delta (docs/live.md#changed-children-only).
   */
  deltaChildren?: 'all' | 'changed';
  /**
   * Replay (复盘) instead of live: the socket's snapshots and deltas are of a clock that starts at
   * `from` (an ISO instant with offset) and runs `speed` times real time (0: paused; default 60),
   * up to now (docs/replay.md#replaying-walls).
   */
  replay?: { from: string; speed?: number };
}

/** Push events are facts. */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  delta: (delta: Delta) => void;
  heartbeat: (heartbeat: Heartbeat) => void;
  revoked: (notice: Revoked) => void;
}

/** Client commands are verbs. */
export interface ClientToServerEvents {
  resync: () => void;
  /** A replaying socket: run its clock at `speed` (0 pauses). */
  play: (speed: number) => void;
  /** A replaying socket: move its clock to an instant (ISO with offset); answered by a snapshot. */
  seek: (at: string) => void;
}
