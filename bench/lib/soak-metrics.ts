/** The figures the soak samples from a server's `GET /metrics` (Prometheus text format). */
export interface ServerSample {
  rssMb: number;
  heapMb: number;
  /** Event-loop lag over the last minute (the server's summary), ms. */
  lagP99Ms: number;
  lagMaxMs: number;
  /** Events stored in the log. */
  logEvents: number;
}

function value(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

export async function sampleServer(base: string, token: string): Promise<ServerSample> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  return {
    rssMb: value(text, 'process_resident_memory_bytes') / 2 ** 20,
    heapMb: value(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
    lagP99Ms: value(text, 'onescreen_event_loop_lag_seconds', '{quantile="0.99"}') * 1000,
    lagMaxMs: value(text, 'onescreen_event_loop_lag_seconds', '{quantile="1"}') * 1000,
    logEvents: value(text, 'onescreen_log_events'),
  };
}

/** Least-squares slope of `ys` against `xs` (per unit of x). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
