import { setImmediate as turn } from 'node:timers/promises';

/**
 * Runs the steps in order, yielding to the event loop whenever a slice has used `budgetMs`,
 * so that a tick's fan-out to many rooms never holds the loop (ingest, REST, pings) for long.
 */
export async function runInSlices(steps: ReadonlyArray<() => void>, budgetMs: number): Promise<void> {
  let i = 0;
  while (i < steps.length) {
    const until = performance.now() + budgetMs;
    do {
      steps[i]();
      i += 1;
    } while (i < steps.length && performance.now() < until);
    if (i < steps.length) await turn();
  }
}
