/**
 * Runs one of the core's generators (work it hands out in steps, for a caller to spread over the
 * event loop) to its end at once.
 */
export function allAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
