import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TickReport } from './live-push';

export interface LiveStatsSource {
  stats(): { sockets: number; rooms: number; dirty: number };
}

/** Prometheus figures of the live push, in the server's registry. */
export function registerLiveMetrics(registry: Registry, push: LiveStatsSource): { observeTick(report: TickReport, seconds: number): void } {
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge('onescreen_live_sockets', 'Sockets connected to /live', () => push.stats().sockets);
  gauge('onescreen_live_rooms', 'Live rooms with at least one socket', () => push.stats().rooms);
  gauge('onescreen_live_behind_sockets', 'Sockets skipped as behind, waiting to drain for a fresh snapshot', () => push.stats().dirty);
  const messages = new Counter({
    name: 'onescreen_live_messages_total',
    help: 'Room messages sent by the tick (one per room, whatever its sockets), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const behind = new Counter({
    name: 'onescreen_live_behind_total',
    help: 'Socket ticks skipped as behind, and snapshots sent to sockets that drained',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'onescreen_live_tick_seconds',
    help: 'Time from a tick start to its last room served (in slices, the loop stays free meanwhile)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    observeTick(report, seconds) {
      messages.inc({ kind: 'delta' }, report.deltas);
      messages.inc({ kind: 'heartbeat' }, report.heartbeats);
      messages.inc({ kind: 'snapshot' }, report.newDay ? report.rooms : 0);
      behind.inc({ event: 'skipped' }, report.skipped);
      behind.inc({ event: 'refreshed' }, report.refreshed);
      duration.observe(seconds);
    },
  };
}
