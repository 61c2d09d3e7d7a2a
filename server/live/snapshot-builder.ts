import type { Alert, Snapshot, WallEvaluation } from '../../contract';
import type { LiveSource } from './live-source';

/** A room's full state at this moment: the same aggregator calls as the REST routes. */
export function buildSnapshot(
  source: LiveSource,
  scope: string,
  seq: number,
  alerts: Alert[],
  recentLimit: number,
  evaluation: WallEvaluation,
  build?: string,
): Snapshot {
  const summary = source.summary(scope);
  return {
    seq,
    scope,
    date: summary.date,
    summary,
    grids: source.grids(scope),
    recent: source.recent(scope, recentLimit),
    alerts,
    evaluation,
    build,
  };
}
