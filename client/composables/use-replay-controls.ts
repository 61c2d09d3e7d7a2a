import { storeToRefs } from 'pinia';
import { computed, onScopeDispose, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { ReplayClock } from '../../contract';
import { useLiveStore } from '../stores/live';
import type { LiveSocket } from './use-live';
import { replaySearch } from './use-page-params';

/** A seek the server dropped (it was still rebuilding, or the instant is before its log) is given up after this long. */
const SEEK_GIVE_UP_MS = 15_000;
const MINUTE_MS = 60_000;

export interface ReplayControls {
  /** The replaying socket's clock, from its last message. */
  readonly clock: Readonly<Ref<ReplayClock | null>>;
  /** Where the clock is headed: a seek not yet answered by its snapshot, else the clock's instant (epoch ms). */
  readonly target: ComputedRef<number | null>;
  readonly seeking: ComputedRef<boolean>;
  play(speed: number): void;
  /** Moves the clock to an instant, from the first event the server holds to where the replay stops. */
  seek(ms: number): void;
  /** Moves the clock by whole minutes (negative: back), from where it is headed. */
  step(minutes: number): void;
  /** Leaves the replay: the same wall without `replay` and `speed`, live. */
  backToLive(): void;
}

/**
 * The commands of a replaying wall (docs/replay.md#replaying-walls). The server answers a seek
 * with a snapshot and drops a seek that comes while it rebuilds, so seeks wait for each other:
 * only the last one asked for meanwhile is sent.
 */
export function useReplayControls(socket: LiveSocket, earliest: () => number): ReplayControls {
  const live = useLiveStore();
  const { replay: clock, snapshots } = storeToRefs(live);
  const pending = ref<number | null>(null);
  const queued = ref<number | null>(null);
  let giveUp: ReturnType<typeof setTimeout> | undefined;

  function send(ms: number): void {
    pending.value = ms;
    queued.value = null;
    socket.emit('seek', new Date(ms).toISOString());
    clearTimeout(giveUp);
    giveUp = setTimeout(() => (pending.value = null), SEEK_GIVE_UP_MS);
  }

  watch(snapshots, () => {
    if (pending.value === null) return;
    clearTimeout(giveUp);
    pending.value = null;
    if (queued.value !== null) send(queued.value);
  });

  const target = computed(() => queued.value ?? pending.value ?? (clock.value ? Date.parse(clock.value.at) : null));

  function seek(ms: number): void {
    const until = clock.value ? Date.parse(clock.value.until) : ms;
    // The server drops a seek before its first event: the nearest instant it can show instead.
    const instant = Math.max(earliest(), Math.min(Math.round(ms), until));
    if (pending.value === null) send(instant);
    else queued.value = instant;
  }

  onScopeDispose(() => clearTimeout(giveUp));
  return {
    clock,
    target,
    seeking: computed(() => pending.value !== null),
    play: (speed) => socket.emit('play', speed),
    seek,
    step(minutes) {
      if (target.value !== null) seek(target.value + minutes * MINUTE_MS);
    },
    backToLive() {
      globalThis.location.assign(`${globalThis.location.pathname}${replaySearch(globalThis.location.search, null)}`);
    },
  };
}
