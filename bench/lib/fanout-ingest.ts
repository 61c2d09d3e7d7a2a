/**
 * Child process of bench/fanout.ts: posts case events at a steady rate (a batch every 100 ms)
 * and, in each batch, one latency probe: a new case reported in a grid that observers watch.
 * Each probe's send time and the time its 200 reply came back: the server replies once the
 * batch is durable and folded into the aggregator, so the reply marks "accepted" (a hair
 * late, by the reply's way back over loopback), and the send time bounds it from below.
 */
import type { CaseEvent } from '../../contract';
import { BenchEvents, chinaTime } from './fanout-events';

export interface IngestStart {
  type: 'start';
  url: string;
  token: string;
  rate: number;
  grids: string[];
  probeGrids: string[];
  prefix: string;
}

const PERIOD_MS = 100;
const probes: Array<[probe: number, sentAt: number, repliedAt: number]> = [];
let sent = 0;
let failures = 0;
let timer: NodeJS.Timeout | undefined;

function start(options: IngestStart): void {
  const events = new BenchEvents(options.grids, options.prefix);
  const perBatch = Math.max(1, Math.round((options.rate * PERIOD_MS) / 1000));
  let carried: CaseEvent[] = [];
  let inFlight = false;
  let probeCount = 0;
  timer = setInterval(() => {
    const now = Date.now();
    const batch = [...carried, ...events.batch(perBatch - 1, now)];
    const probe = ++probeCount;
    batch.push(events.report(options.probeGrids[probe % options.probeGrids.length], chinaTime(now), `${options.prefix}-PROBE-${probe}`));
    if (inFlight) {
      // The server is slower than the feed: keep the events for the next batch, drop the probe's clock.
      carried = batch;
      return;
    }
    carried = [];
    inFlight = true;
    const sentAt = Date.now();
    fetch(options.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    })
      .then(async (response) => {
        const repliedAt = Date.now();
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
        else {
          sent += batch.length;
          probes.push([probe, sentAt, repliedAt]);
        }
      })
      .catch(() => {
        failures += 1;
      })
      .finally(() => {
        inFlight = false;
      });
  }, PERIOD_MS);
}

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'start') start(message as IngestStart);
  if (message === 'results') process.send?.({ type: 'results', probes, sent, failures });
  if (message === 'stop') {
    clearInterval(timer);
    process.exit(0);
  }
});
process.send?.({ type: 'ready' });
