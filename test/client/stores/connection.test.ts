import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../../client/stores/connection';

describe('connection store: stale detection', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-28T10:00:00+08:00'));
  });
  afterEach(() => vi.useRealTimers());

  /** Messages every `tickMs`, `count` times, on the fake clock. */
  function beat(store: ReturnType<typeof useConnectionStore>, tickMs: number, count: number): void {
    for (let i = 0; i < count; i += 1) {
      vi.advanceTimersByTime(tickMs);
      store.noteMessage();
    }
  }

  it('is fresh while messages come each tick and stale after three ticks without one', () => {
    const store = useConnectionStore();
    const stop = store.startStaleWatch(100);
    store.noteMessage();
    beat(store, 1000, 5);
    expect(store.tickMs).toBe(1000);
    vi.advanceTimersByTime(2900);
    expect(store.stale).toBe(false);
    vi.advanceTimersByTime(300);
    expect(store.stale).toBe(true);
    store.noteMessage();
    expect(store.stale).toBe(false);
    stop();
  });

  it('learns a slower tick from the gaps between messages', () => {
    const store = useConnectionStore();
    const stop = store.startStaleWatch(100);
    store.noteMessage();
    beat(store, 5000, 5);
    expect(store.tickMs).toBe(5000);
    vi.advanceTimersByTime(10_000);
    expect(store.stale).toBe(false);
    vi.advanceTimersByTime(6000);
    expect(store.stale).toBe(true);
    stop();
  });

  it('is not fooled by bursts of messages into a shorter tick', () => {
    const store = useConnectionStore();
    const stop = store.startStaleWatch(100);
    store.noteMessage();
    for (let i = 0; i < 6; i += 1) {
      vi.advanceTimersByTime(990);
      store.noteMessage();
      vi.advanceTimersByTime(10);
      store.noteMessage();
    }
    expect(store.tickMs).toBeGreaterThanOrEqual(990);
    vi.advanceTimersByTime(2500);
    expect(store.stale).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(store.stale).toBe(true);
    stop();
  });

  it('is neither fresh nor stale before any message', () => {
    const store = useConnectionStore();
    const stop = store.startStaleWatch(100);
    vi.advanceTimersByTime(60_000);
    expect(store.ageMs).toBeNull();
    expect(store.stale).toBe(false);
    stop();
  });
});
