import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EvictedCase, EvictedCases } from '../core/evicted-cases';
import { IdFilter } from './id-filter';

/** The file beside the log. */
export const EVICTED_FILE = 'evicted-cases.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS evicted (case_id TEXT PRIMARY KEY, closed_at REAL NOT NULL, closure INTEGER NOT NULL, deadline REAL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`;

/**
 * The cases the aggregator has forgotten (docs/storage.md#bounded-memory), in `evicted-cases.sqlite`
 * in the data directory: each with its closure and deadline, looked up only for an event whose case
 * is not in memory. Derived from the log like a checkpoint: a full replay empties it and fills it
 * again. Its generation (a new one at each emptying) and row count tell a checkpoint whether the
 * cases it no longer holds are all here.
 */
export class EvictedStore implements EvictedCases {
  private readonly db: Database.Database;
  private readonly findStmt: Database.Statement<[string], [number, number, number | null]>;
  private readonly insertStmt: Database.Statement;
  private readonly updateStmt: Database.Statement;
  private readonly metaStmt: Database.Statement<[string], { value: string }>;
  private readonly setMetaStmt: Database.Statement;
  /** While it is filled from nothing (a full replay): every id added, so that most look-ups need no query. */
  private filter: IdFilter | undefined;
  private rowCount: number;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, EVICTED_FILE));
    this.db.pragma('journal_mode = WAL');
    // Each add() is on disk when it returns: a checkpoint written after it relies on it.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.findStmt = this.db.prepare<[string], [number, number, number | null]>('SELECT closed_at, closure, deadline FROM evicted WHERE case_id = ?').raw(true);
    this.insertStmt = this.db.prepare('INSERT OR IGNORE INTO evicted (case_id, closed_at, closure, deadline) VALUES (?, ?, ?, ?)');
    this.updateStmt = this.db.prepare('UPDATE evicted SET closed_at = ?, closure = ?, deadline = ? WHERE case_id = ?');
    this.metaStmt = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setMetaStmt = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.rowCount = Number(this.meta('rows') ?? 0);
  }

  /** Changes at each emptying: a checkpoint names the generation whose cases it forgot. */
  get generation(): string {
    return this.meta('generation') ?? '';
  }

  get rows(): number {
    return this.rowCount;
  }

  /** What the forgotten cases were derived under (the checkpoint's fingerprint of the configuration and the core). */
  get fingerprint(): string {
    return this.meta('fingerprint') ?? '';
  }

  /** Forgets every case, for a replay of the whole log under `fingerprint`. */
  reset(fingerprint: string): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM evicted');
      this.setMetaStmt.run('generation', randomUUID());
      this.setMetaStmt.run('fingerprint', fingerprint);
      this.setMetaStmt.run('rows', '0');
    })();
    this.rowCount = 0;
    this.filter = new IdFilter();
  }

  /** The replay that filled it from nothing is over: look-ups query the file again (the filter would grow with the log's age). */
  dropFilter(): void {
    this.filter = undefined;
  }

  find(caseId: string): EvictedCase | undefined {
    if (this.rowCount === 0 || (this.filter !== undefined && !this.filter.mayHave(caseId))) return undefined;
    const row = this.findStmt.get(caseId);
    return row === undefined ? undefined : { caseId, closedAt: row[0], closure: row[1], deadline: row[2] ?? Number.NaN };
  }

  add(cases: readonly EvictedCase[]): void {
    const before = this.rowCount;
    try {
      this.insertAll(cases);
    } catch (error) {
      this.rowCount = before;
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private insertAll(cases: readonly EvictedCase[]): void {
    this.db.transaction(() => {
      for (const gone of cases) {
        const deadline = Number.isNaN(gone.deadline) ? null : gone.deadline;
        if (this.insertStmt.run(gone.caseId, gone.closedAt, gone.closure, deadline).changes === 1) {
          this.rowCount += 1;
          this.filter?.add(gone.caseId);
        } else this.updateStmt.run(gone.closedAt, gone.closure, deadline, gone.caseId);
      }
      this.setMetaStmt.run('rows', String(this.rowCount));
    })();
  }

  private meta(key: string): string | undefined {
    return this.metaStmt.get(key)?.value;
  }
}
