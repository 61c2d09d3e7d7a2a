import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Delta, Heartbeat, Snapshot, Summary, WallEvaluation } from '../../contract';
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
    awaitingSnapshot.value = false;
    grids.reset(snapshot.grids);
    cases.reset(snapshot.recent, snapshot.date);
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
    return heartbeat.seq > seq.value ? requestResync() : 'applied';
  }

  /** After a reconnect the server sends a fresh snapshot on join; until then deltas are stale. */
  function expectSnapshot(): void {
    awaitingSnapshot.value = true;
  }

  return { seq, scope, date, summary, evaluation, awaitingSnapshot, resyncs, snapshots, applySnapshot, applyDelta, applyHeartbeat, expectSnapshot };
});
