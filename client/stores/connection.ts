import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** A room is stale after this many ticks without a delta, snapshot or heartbeat. */
export const STALE_TICKS = 3;
export const DEFAULT_TICK_MS = 1000;
const INTERVAL_SAMPLES = 8;
/** Faster ticks still wait this long per tick: a person cannot tell 300 ms of silence from a stall. */
const MIN_TICK_MS = 1000;
const MAX_TICK_MS = 60_000;

/**
 * Socket state and data freshness. The server's tick is not announced, so it is taken
 * from the gaps between recent messages (every tick brings a delta or a heartbeat).
 */
export const useConnectionStore = defineStore('connection', () => {
  const status = ref<ConnectionStatus>('connecting');
  const error = ref<string | null>(null);
  const lastMessageAt = ref<number | null>(null);
  const now = ref(Date.now());
  const tickMs = ref(DEFAULT_TICK_MS);
  const gaps: number[] = [];

  const ageMs = computed(() => (lastMessageAt.value === null ? null : Math.max(0, now.value - lastMessageAt.value)));
  const stale = computed(() => ageMs.value !== null && ageMs.value > STALE_TICKS * tickMs.value);

  function noteMessage(at = Date.now()): void {
    if (lastMessageAt.value !== null) {
      gaps.push(at - lastMessageAt.value);
      if (gaps.length > INTERVAL_SAMPLES) gaps.shift();
      // The upper quartile: a burst (a snapshot and its first delta, a backlog after a stall) has short gaps.
      const sorted = [...gaps].sort((a, b) => a - b);
      const typical = sorted[Math.floor(sorted.length * 0.75)];
      tickMs.value = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, typical));
    }
    lastMessageAt.value = at;
    now.value = at;
  }

  function setStatus(next: ConnectionStatus, reason: string | null = null): void {
    status.value = next;
    error.value = reason;
    // A reconnect is a new stream: gaps across the outage say nothing about the tick.
    if (next !== 'live') gaps.length = 0;
  }

  /** Re-evaluates staleness on a timer; returns the stop function. */
  function startStaleWatch(everyMs = 500): () => void {
    const timer = setInterval(() => {
      now.value = Date.now();
    }, everyMs);
    return () => clearInterval(timer);
  }

  return { status, error, lastMessageAt, now, tickMs, ageMs, stale, noteMessage, setStatus, startStaleWatch };
});
