import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What a server process reports for one measured window. */
export interface ServerFigures {
  wallMs: number;
  /** User + system CPU time of the process over the window. */
  cpuMs: number;
  /** Event-loop lag quantiles over the window, ms. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  rssMaxMb: number;
}

const RESOLUTION_MS = 1;

/**
 * Samples the process it runs in: event-loop delay, CPU and peak RSS. `reset()` starts the
 * window, `figures()` reads it. The delay histogram records whole timer intervals, so the
 * sampling interval is taken off to leave the lag.
 */
export function startSampler(): { reset(): void; figures(): ServerFigures; stop(): void } {
  const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  lag.enable();
  let cpu = process.cpuUsage();
  let started = performance.now();
  let rssMax = 0;
  const sampleRss = (): void => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  };
  const timer = setInterval(sampleRss, 250);
  timer.unref();
  return {
    reset() {
      lag.reset();
      cpu = process.cpuUsage();
      started = performance.now();
      rssMax = 0;
      sampleRss();
    },
    figures() {
      sampleRss();
      const used = process.cpuUsage(cpu);
      return {
        wallMs: performance.now() - started,
        cpuMs: (used.user + used.system) / 1000,
        lagP50Ms: Math.max(0, lag.percentile(50) / 1e6 - RESOLUTION_MS),
        lagP99Ms: Math.max(0, lag.percentile(99) / 1e6 - RESOLUTION_MS),
        lagMaxMs: Math.max(0, lag.max / 1e6 - RESOLUTION_MS),
        rssMaxMb: rssMax / 2 ** 20,
      };
    },
    stop() {
      clearInterval(timer);
      lag.disable();
    },
  };
}

/** Answers the orchestrator's `reset` and `figures` messages over IPC. */
export function serveSampler(extra: () => Record<string, unknown> = () => ({})): void {
  const sampler = startSampler();
  process.on('message', (message: unknown) => {
    if (message === 'reset') sampler.reset();
    if (message === 'figures') process.send?.({ type: 'figures', figures: sampler.figures(), extra: extra() });
  });
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
