import { setImmediate as turn } from 'node:timers/promises';

/**
 * Longest stretch a read of the past or an evaluation holds the event loop before it lets ingest,
 * the live tick and other reads in: a rebuild from the log (server/replay/past-log.ts), a replica
 * from memory (server/replay/replicas.ts), an evaluation's pass over its cases.
 */
export const READ_SLICE_MS = 8;

/**
 * Cuts a long piece of work into slices of at most `budgetMs`, yielding to the event loop
 * between them, so that a tick's fan-out to many rooms never holds the loop (ingest, REST,
 * pings) for long. Call `due()` between steps and `await yield()` when it says so.
 */
export class TimeSlicer {
  private until: number;

  constructor(private readonly budgetMs: number) {
    this.until = performance.now() + budgetMs;
  }

  due(): boolean {
    return performance.now() >= this.until;
  }

  async yield(): Promise<void> {
    await turn();
    this.until = performance.now() + this.budgetMs;
  }

  /** Runs the steps in order, yielding whenever a slice is used up. */
  async run(steps: ReadonlyArray<() => void>): Promise<void> {
    for (const step of steps) {
      if (this.due()) await this.yield();
      step();
    }
  }
}

/** Runs one of the core's generators to its end, letting the event loop in every READ_SLICE_MS. */
export async function sliced<T>(steps: Generator<void, T>): Promise<T> {
  const slicer = new TimeSlicer(READ_SLICE_MS);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicer.due()) await slicer.yield();
  }
}
