import type { CaseItem, GridRow, Summary, WallEvaluation } from '../../contract';
import type { CaseReport } from '../core/aggregator';

/** What changed in the aggregator since the previous drain (the core's AggregatorChanges). */
export interface LiveChanges {
  /** Each once. */
  scopes: readonly string[];
  /** Each once. */
  grids: readonly string[];
  cases: string[];
  overdue: string[];
  newDay: boolean;
}

/**
 * The part of the aggregator live push reads: the same calls the REST routes make, so a
 * snapshot or delta carries exactly the REST values of the same moment.
 */
export interface LiveSource {
  summary(scope: string): Summary;
  /** Today's summary of a scope listing only the children `children` picks. */
  summaryOfChildren(scope: string, children: (code: string) => boolean): Summary;
  grids(scope: string): GridRow[];
  recent(scope: string, limit: number): CaseItem[];
  caseItem(caseId: string): CaseItem | undefined;
  reportOf(caseId: string): CaseReport | undefined;
  today(): string;
  /** The 考核 panel of a scope: this month so far, its children ranked, the lights of now. */
  wallEvaluation(scope: string): WallEvaluation;
  drainChanges(): LiveChanges;
}
