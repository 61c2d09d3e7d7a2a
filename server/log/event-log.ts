import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_TYPES, SOURCES } from '../../contract';
import type { CaseEventRecord } from '../core/case-event-record';

/** Format of the `events` table; bumped on any incompatible change. */
const LOG_VERSION = 1;

/**
 * Append-only: `seq` is the insertion order the rebuild replays, `id` the idempotency key,
 * `body` the event as accepted (canonical JSON) for the duplicate/conflict comparison, the
 * other columns the normalized record (times in epoch ms, the resolved grid).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  category TEXT,
  source TEXT,
  grid_code TEXT,
  lng REAL,
  lat REAL,
  description TEXT,
  deadline INTEGER,
  department TEXT,
  received_at INTEGER NOT NULL,
  body TEXT NOT NULL
)`;

const COLUMNS = 'id, case_id, type, at, category, source, grid_code, lng, lat, description, deadline, department';

/** SQL mapping a column's text to its index in `names` plus `base`; other text is left as it is. */
const codeOf = (column: string, names: readonly string[], base: number) =>
  `CASE ${column} ${names.map((name, i) => `WHEN '${name}' THEN ${i + base}`).join(' ')} ELSE ${column} END`;

/**
 * The events of a seq range (from, to] for the replay, in insertion order, the type as its
 * index in EVENT_TYPES and the source as 1 + its index in SOURCES (numbers cost the reader no
 * strings); the id is not needed there.
 */
export const PAGE_SQL = `SELECT case_id, ${codeOf('type', EVENT_TYPES, 0)}, at, category, ${codeOf('source', SOURCES, 1)}, grid_code, lng, lat, description, deadline, department, seq FROM events WHERE seq > ? AND seq <= ? ORDER BY seq`;

/** The statements and settings of the connection that writes. */
const WRITE_SQL = {
  // FULL: every acknowledged batch survives a power cut, not only a process crash.
  pragmas: ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000'],
  insertSql: `INSERT OR IGNORE INTO events (${COLUMNS}, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  bodySql: 'SELECT body FROM events WHERE id = ?',
};

export class EventLogError extends Error {}

/** Whether an error comes from SQLite itself (disk full, read-only, I/O), i.e. the write did not happen. */
export type StorageError = InstanceType<typeof Database.SqliteError>;
export const isStorageError = (error: unknown): error is StorageError => error instanceof Database.SqliteError;

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The embedded event log (DESIGN §8): one SQLite file in the data directory. */
export class EventLog {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement;
  private readonly bodyStmt: Database.Statement<[string], { body: string }>;
  private readonly lastSeqStmt: Database.Statement<[], { last: number | null }>;
  private readonly inTransaction: <T>(fn: () => T) => T;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'events.sqlite');
    try {
      this.db = new Database(this.file);
      for (const pragma of WRITE_SQL.pragmas) this.db.pragma(pragma);
      const version = this.db.pragma('user_version', { simple: true });
      if (version !== 0 && version !== LOG_VERSION) {
        throw new EventLogError(`format version ${String(version)} is not supported (this server reads version ${LOG_VERSION})`);
      }
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${LOG_VERSION}`);
    } catch (error) {
      const hint = writable(dataDir) ? '' : ` (the data directory ${dataDir} is not writable: a read-only file system or its permissions)`;
      throw new EventLogError(`cannot open the event log ${this.file}: ${(error as Error).message}${hint}`);
    }
    this.insertStmt = this.db.prepare(WRITE_SQL.insertSql);
    this.bodyStmt = this.db.prepare(WRITE_SQL.bodySql);
    this.lastSeqStmt = this.db.prepare('SELECT max(seq) AS last FROM events');
    const runner = this.db.transaction((fn: () => unknown) => fn());
    this.inTransaction = <T>(fn: () => T): T => runner.immediate(fn) as T;
  }

  /** Runs `fn` in one transaction: all its inserts are committed together, or none. */
  transaction<T>(fn: () => T): T {
    return this.inTransaction(fn);
  }

  /** The stored canonical JSON of an event id. */
  bodyOf(id: string): string | undefined {
    return this.bodyStmt.get(id)?.body;
  }

  /** Appends an event; false when its id is already stored (nothing written). */
  insert(record: CaseEventRecord, body: string, receivedAt: number): boolean {
    const r = record;
    const info = this.insertStmt.run(
      r.id,
      r.caseId,
      r.type,
      r.at,
      r.category ?? null,
      r.source ?? null,
      r.gridCode ?? null,
      r.lng ?? null,
      r.lat ?? null,
      r.description ?? null,
      r.deadline ?? null,
      r.department ?? null,
      receivedAt,
      body,
    );
    return info.changes === 1;
  }

  /** Number of stored events (the log is append-only, so the last seq counts them). */
  count(): number {
    return this.lastSeqStmt.get()?.last ?? 0;
  }

  /** Bytes on disk: the database and its write-ahead log. */
  sizeBytes(): number {
    let total = 0;
    for (const file of [this.file, `${this.file}-wal`]) {
      try {
        total += statSync(file).size;
      } catch {
        // The WAL file exists only while the database is open for writing.
      }
    }
    return total;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
