/**
 * How late the event loop runs a timer due every `everyMs`: the wait that every request, ingest
 * batch and live tick had on the loop at that moment. Each sample goes to `record` in seconds;
 * an idle loop gives about 0 (the timer's own interval is not lag). Stops with the returned call.
 */
export function sampleLoopLag(record: (seconds: number) => void, everyMs: number): () => void {
  let due = performance.now() + everyMs;
  const fire = (): void => {
    const now = performance.now();
    // Timers run on the loop's millisecond clock, so one may fire a fraction of a millisecond "early".
    record(Math.max(0, now - due) / 1000);
    due = now + everyMs;
    timer = setTimeout(fire, everyMs).unref();
  };
  let timer = setTimeout(fire, everyMs).unref();
  return () => clearTimeout(timer);
}
