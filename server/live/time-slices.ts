import { setImmediate as turn } from 'node:timers/promises';

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
