/**
 * What is read over REST beside the live figures (departments, topics) is read again when the
 * figures change, at most once an interval. A change inside the interval is not lost: one
 * trailing read is scheduled for the interval's end.
 */
export interface RefreshGate {
  /** Reads now, and starts the interval. */
  now(read: () => Promise<void>): Promise<void>;
  /** The figures changed: reads now if the last read is old enough, else once when it is. */
  changed(read: () => Promise<void>): Promise<void>;
  /** Drops the trailing read. */
  stop(): void;
}

export function refreshGate(intervalMs: number): RefreshGate {
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let trailing: ReturnType<typeof setTimeout> | undefined;

  function now(read: () => Promise<void>): Promise<void> {
    lastReadAt = Date.now();
    return read();
  }

  function changed(read: () => Promise<void>): Promise<void> {
    const wait = lastReadAt + intervalMs - Date.now();
    if (wait <= 0) return now(read);
    if (trailing === undefined) {
      trailing = setTimeout(() => {
        trailing = undefined;
        void now(read);
      }, wait);
    }
    return Promise.resolve();
  }

  function stop(): void {
    clearTimeout(trailing);
    trailing = undefined;
  }

  return { now, changed, stop };
}
