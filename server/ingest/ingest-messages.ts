import type { RejectedEvent } from '../../contract';
import type { BodyFormat } from './event-body';
import type { RecordColumns } from './record-columns';
import type { RejectReason } from './reject-reason';

/** What the ingest worker thread needs to start: the log's directory and the same city as the server. */
export interface IngestWorkerData {
  dataDir: string;
  city: { geojson?: string; code: string; gridCount: number };
}

/** Main thread → ingest worker. */
export type ToIngestWorker =
  | { kind: 'validate'; id: number; bytes: Uint8Array; format: BodyFormat; now: number; maxBatch: number }
  /** The aggregator's refusal of each candidate the worker sent back (null: none). */
  | { kind: 'store'; id: number; refusals: Array<string | null> }
  /** The main thread could not check the batch (and answered it): forget it. */
  | { kind: 'discard'; id: number }
  | { kind: 'close' };

/** Ingest worker → main thread. */
export type FromIngestWorker =
  /** The batch's candidates, to be checked against the aggregator before they are stored. */
  | { kind: 'validated'; id: number; candidates: RecordColumns }
  /** The body itself is refused (not JSON, not an array, too many events): nothing was stored. */
  | { kind: 'refused'; id: number; status: number; message: string }
  /**
   * Stored and on disk: which candidates were inserted (1), the batch's result apart from them,
   * and the log's seq at its own last stored event (the aggregator holds the log up to it once the
   * batch is folded in).
   */
  | {
      kind: 'stored';
      id: number;
      inserted: Uint8Array;
      duplicates: number;
      rejected: RejectedEvent[];
      rejectedBy: Array<[RejectReason, number]>;
      through: number;
    }
  /** The log could not be written or synced (SQLite's error code): nothing of the batch is acknowledged. */
  | { kind: 'failed'; id: number; code: string; message: string };
