import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { IngestOutcome } from '../ingest/ingest-batch';
import { REJECT_REASONS } from '../ingest/reject-reason';
import { sampleLoopLag } from '../loop-lag';

export interface ServerMetrics {
  registry: Registry;
  recordIngest(outcome: IngestOutcome): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServerMetrics;
  }
}

/** Gauges that prom-client names `_total`, a suffix the exposition format keeps for counters (promtool flags them); each is the sum of its labelled twin without the suffix. */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];
const LOOP_LAG_EVERY_MS = 20;

/** Prometheus metrics of this server, in a registry of its own (several apps may share a process in tests). */
export default fp(
  async (fastify) => {
    const { eventLog, aggregator, replay } = fastify;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);

    const ingested = new Counter({
      name: 'onescreen_ingest_events_total',
      help: 'Events received on POST /api/v1/events, by outcome',
      labelNames: ['result'] as const,
      registers: [registry],
    });
    const rejected = new Counter({
      name: 'onescreen_ingest_rejected_total',
      help: 'Rejected events, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    });
    for (const result of ['accepted', 'duplicate', 'rejected']) ingested.inc({ result }, 0);
    for (const reason of REJECT_REASONS) rejected.inc({ reason }, 0);

    new Gauge({
      name: 'onescreen_log_size_bytes',
      help: 'Size of the event log on disk (database and write-ahead log)',
      registers: [registry],
      collect() {
        this.set(eventLog.sizeBytes());
      },
    });
    new Gauge({
      name: 'onescreen_log_events',
      help: 'Events stored in the log',
      registers: [registry],
      collect() {
        this.set(eventLog.count());
      },
    });
    new Gauge({
      name: 'onescreen_replay_done',
      help: '1 once the log has been replayed into the aggregator',
      registers: [registry],
      collect() {
        this.set(replay.done ? 1 : 0);
      },
    });
    new Gauge({
      name: 'onescreen_cases',
      help: 'Cases right now: open, overdue (city-wide), and held (events waiting for their reported event)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        if (!replay.done) return;
        const city = aggregator.summary('city');
        this.set({ state: 'open' }, city.open);
        this.set({ state: 'overdue' }, city.overdue);
        this.set({ state: 'held' }, aggregator.stats().held);
      },
    });

    const loopLag = new Summary({
      name: 'onescreen_event_loop_lag_seconds',
      help: `How late the event loop ran a timer due every ${LOOP_LAG_EVERY_MS} ms (0 when idle), quantiles over the last minute`,
      percentiles: [0.5, 0.99, 1],
      maxAgeSeconds: 60,
      ageBuckets: 6,
      registers: [registry],
    });
    const stopLoopLag = sampleLoopLag((seconds) => loopLag.observe(seconds), LOOP_LAG_EVERY_MS);

    const requests = new Histogram({
      name: 'onescreen_http_request_duration_seconds',
      help: 'HTTP request duration, by route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    fastify.decorate('metrics', {
      registry,
      recordIngest({ result, rejectedBy }: IngestOutcome) {
        ingested.inc({ result: 'accepted' }, result.accepted);
        ingested.inc({ result: 'duplicate' }, result.duplicates);
        ingested.inc({ result: 'rejected' }, result.rejected.length);
        for (const [reason, count] of rejectedBy) rejected.inc({ reason }, count);
      },
    });
    fastify.addHook('onClose', async () => stopLoopLag());
  },
  { name: 'metrics', dependencies: ['event-log', 'aggregator'] },
);
