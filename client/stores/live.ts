import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Delta, Heartbeat, ReplayClock, Snapshot, Summary, WallEvaluation } from '../../contract';
import type { ReadDay } from '../composables/use-api';
import { useAlertsStore } from './alerts';
import { useCasesStore } from './cases';
import { useConnectionStore } from './connection';
import { useGridsStore } from './grids';

/**
 * A delta's summary lists only the children whose figures changed (`deltaChildren:
 * 'changed'`): each replaces the child of the same code, the others stay as they were (the same
 * objects), in the order the snapshot gave. A delta that lists every child replaces them all.
 */
export function withChildren(next: Summary, previous: Summary | null): Summary {
  if (!previous || previous.scope !== next.scope) return next;
  const changed = new Map(next.children.map((child) => [child.code, child]));
  const children = previous.children.map((child) => {
    const update = changed.get(child.code);
    if (update) changed.delete(child.code);
    return update ?? child;
  });
  children.push(...changed.values());
  return { ...next, children };
}

/**
 * What became of a message: `resync` means the caller must ask the server for a snapshot,
 * `reload` that the server now serves another client build than the page runs (it was applied).
 */
export type LiveOutcome = 'applied' | 'ignored' | 'resync' | 'reload';

/**
 * The live state of one scope: sequence, day and today's summary. It hands grid rows,
 * cases and alerts to their stores, and tells the socket owner when a gap needs a resync.
 */
export const useLiveStore = defineStore('live', () => {
  const grids = useGridsStore();
  const cases = useCasesStore();
  const alerts = useAlertsStore();
  const connection = useConnectionStore();

  const seq = ref<number | null>(null);
  const scope = ref<string | null>(null);
  const date = ref<string | null>(null);
  const summary = shallowRef<Summary | null>(null);
  /** The 考核 panel: this month so far, the children graded and the lights; a delta carries it when it changed. */
  const evaluation = shallowRef<WallEvaluation | null>(null);
  /** A replaying socket's clock, from the last message applied: the instant every figure is of. */
  const replay = shallowRef<ReplayClock | null>(null);
  /** What a read over REST beside these figures asks for: the live day, or the replayed instant as it stood then. */
  const readDay = computed<ReadDay>(() => (replay.value ? { at: replay.value.at } : (date.value ?? undefined)));
  /** Deltas are dropped between asking for a snapshot and receiving it. */
  const awaitingSnapshot = ref(false);
  const resyncs = ref(0);
  /** Snapshots applied: each may follow missed messages, so what is not in it is asked for again. */
  const snapshots = ref(0);
  /** The client build of the first snapshot: the one this page was loaded with. */
  let build: string | undefined;

  function applySnapshot(snapshot: Snapshot): LiveOutcome {
    connection.noteMessage();
    seq.value = snapshot.seq;
    scope.value = snapshot.scope;
    date.value = snapshot.date;
    summary.value = snapshot.summary;
    evaluation.value = snapshot.evaluation;
    replay.value = snapshot.replay ?? null;
    awaitingSnapshot.value = false;
    grids.reset(snapshot.grids);
    // A replay's snapshot may be of an earlier instant of the same day (a seek back).
    cases.reset(snapshot.recent, snapshot.date, snapshot.replay !== undefined);
    snapshots.value += 1;
    alerts.reset(snapshot.alerts);
    build ??= snapshot.build;
    return snapshot.build !== undefined && snapshot.build !== build ? 'reload' : 'applied';
  }

  function requestResync(): LiveOutcome {
    if (awaitingSnapshot.value) return 'ignored';
    awaitingSnapshot.value = true;
    resyncs.value += 1;
    return 'resync';
  }

  function applyDelta(delta: Delta): LiveOutcome {
    connection.noteMessage();
    if (awaitingSnapshot.value || seq.value === null) return 'ignored';
    if (delta.seq <= seq.value) return 'ignored';
    if (delta.seq !== seq.value + 1) return requestResync();
    seq.value = delta.seq;
    if (delta.replay) replay.value = delta.replay;
    if (delta.summary) summary.value = withChildren(delta.summary, summary.value);
    if (delta.evaluation) evaluation.value = delta.evaluation;
    if (delta.grids) grids.update(delta.grids);
    if (delta.cases) cases.merge(delta.cases);
    if (delta.alerts) alerts.apply(delta.alerts);
    return 'applied';
  }

  /** A heartbeat carries the last seq sent: a higher one means a delta went missing. */
  function applyHeartbeat(heartbeat: Heartbeat): LiveOutcome {
    connection.noteMessage();
    if (awaitingSnapshot.value || seq.value === null) return 'ignored';
    if (heartbeat.seq > seq.value) return requestResync();
    if (heartbeat.replay) replay.value = heartbeat.replay;
    return 'applied';
  }

  /** After a reconnect the server sends a fresh snapshot on join; until then deltas are stale. */
  function expectSnapshot(): void {
    awaitingSnapshot.value = true;
  }

  return { seq, scope, date, summary, evaluation, replay, readDay, awaitingSnapshot, resyncs, snapshots, applySnapshot, applyDelta, applyHeartbeat, expectSnapshot };
});
