import { closeSync, fdatasync, fdatasyncSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_TYPES, SOURCES, type EventType, type Source } from '../../contract';
import { blankRecord, type CaseEventRecord } from '../core/case-event-record';
import { isReadOnlyDir } from './read-only-dir';
import { recordContent } from './record-content';

/**
 * Format of the `events` table; bumped on any incompatible change. Version 1 also kept each
 * event as sent (`body`): version 2 compares re-sent events with the stored record instead,
 * which halves the bytes written per event.
 */
const LOG_VERSION = 3;
/** Columns format 3 added to format 2 (the evaluation's reporter, and an urge's note and author): added in place. */
const ADDED_IN_3 = ['reporter TEXT', 'note TEXT', 'urged_by TEXT'];

/**
 * Append-only: `seq` is the insertion order the rebuild replays, `id` the idempotency key, the
 * other columns the normalized record (times in epoch ms, the resolved grid), which is also
 * what a re-sent event is compared with.
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
  ${ADDED_IN_3.join(',\n  ')}
)`;

const COLUMNS = 'id, case_id, type, at, category, source, grid_code, lng, lat, description, deadline, department, reporter, note, urged_by';

/** SQL mapping a column's text to its index in `names` plus `base`; other text is left as it is. */
const codeOf = (column: string, names: readonly string[], base: number) =>
  `CASE ${column} ${names.map((name, i) => `WHEN '${name}' THEN ${i + base}`).join(' ')} ELSE ${column} END`;

/**
 * The columns a page of events is read with: the type as its index in EVENT_TYPES and the source
 * as 1 + its index in SOURCES (numbers cost the reader no strings); the id is not needed there.
 */
const PAGE_COLUMNS = `case_id, ${codeOf('type', EVENT_TYPES, 0)}, at, category, ${codeOf('source', SOURCES, 1)}, grid_code, lng, lat, description, deadline, department, reporter, seq`;

/** The events of a seq range (from, to] for the replay, in insertion order. */
export const PAGE_SQL = `SELECT ${PAGE_COLUMNS} FROM events WHERE seq > ? AND seq <= ? ORDER BY seq`;

/** The cases closed or cancelled before an instant (`<`), or by it (`<=`), among the log's first @last events. */
const closedSql = (compare: '<' | '<=', instant: string) => `SELECT case_id FROM events WHERE seq <= @last AND type IN ('closed', 'cancelled') AND at ${compare} ${instant}`;

/**
 * The queries that rebuild the past from the log (docs/replay.md#before-the-retained-window), each
 * over the log's first @last events, in insertion order. SQLite scans the table (no index on times or
 * cases is kept) and computes each subquery once, on the reader thread.
 */
export const PAST_SQL = {
  /** The earliest time among the events after seq @after (the log is append-only: the rest is known), NULL for none. */
  firstAt: 'SELECT min(at) FROM events WHERE seq > @after',
  /** What a replica of @until needs: the events at or before it of the cases not closed before @keepFrom. */
  openAt: `SELECT ${PAGE_COLUMNS} FROM events WHERE seq <= @last AND at <= @until AND case_id NOT IN (${closedSql('<', '@keepFrom')}) ORDER BY seq`,
  /** A replay's next stretch: the events in (@from, @to] of the cases not closed by @from. */
  between: `SELECT ${PAGE_COLUMNS} FROM events WHERE seq <= @last AND at > @from AND at <= @to AND case_id NOT IN (${closedSql('<=', '@from')}) ORDER BY seq`,
  /** Every event of the cases reported or registered in one of `ranges` [@fromK, @toK), with K its index. */
  cohort: (ranges: number) =>
    `SELECT ${PAGE_COLUMNS} FROM events WHERE seq <= @last AND case_id IN (SELECT case_id FROM events WHERE seq <= @last AND type IN ('reported', 'registered') AND (${Array.from({ length: ranges }, (_, k) => `(at >= @from${k} AND at < @to${k})`).join(' OR ')})) ORDER BY seq`,
};

/** The statements and settings of the connection that writes. */
const WRITE_SQL = {
  // NORMAL: a commit is written to the WAL but not synced; the log syncs the WAL itself
  // (`transaction` at once, `stage` + `synced` on a pool thread), so every acknowledged batch
  // still survives a power cut, and the main thread does not wait for the disk.
  // A checkpoint every 16,000 pages (64 MiB of WAL) instead of SQLite's 1,000: an index page
  // rewritten by many commits is copied into the database once per checkpoint, not once per few
  // commits, which makes ingest into a large log markedly faster (bench/README.md#ingest).
  pragmas: ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000', 'wal_autocheckpoint = 16000'],
  insertSql: `INSERT OR IGNORE INTO events (${COLUMNS}, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};

/** A row of the log as `recordsAfter` and `recordOf` read it. */
interface StoredRow {
  id: string;
  case_id: string;
  type: EventType;
  at: number;
  category: string | null;
  source: Source | null;
  grid_code: string | null;
  lng: number | null;
  lat: number | null;
  description: string | null;
  deadline: number | null;
  department: string | null;
  reporter: string | null;
  note: string | null;
  urged_by: string | null;
}

function recordOfRow(row: StoredRow): CaseEventRecord {
  const record = blankRecord();
  record.id = row.id;
  record.caseId = row.case_id;
  record.type = row.type;
  record.at = row.at;
  record.category = row.category ?? undefined;
  record.source = row.source ?? undefined;
  record.gridCode = row.grid_code ?? undefined;
  record.lng = row.lng ?? undefined;
  record.lat = row.lat ?? undefined;
  record.description = row.description ?? undefined;
  record.deadline = row.deadline ?? undefined;
  record.department = row.department ?? undefined;
  record.reporter = row.reporter ?? undefined;
  record.note = row.note ?? undefined;
  record.by = row.urged_by ?? undefined;
  return record;
}

export class EventLogError extends Error {}

/** A failed sync as SQLite itself reports one, so callers handle it like any failed write. */
function syncError(error: unknown): StorageError {
  const { code, message } = error as NodeJS.ErrnoException;
  return new Database.SqliteError(`the event log could not be synced to disk (${code ?? message})`, 'SQLITE_IOERR_FSYNC');
}

/** Whether an error comes from SQLite itself (disk full, read-only, I/O), i.e. the write did not happen. */
export type StorageError = InstanceType<typeof Database.SqliteError>;
export const isStorageError = (error: unknown): error is StorageError => error instanceof Database.SqliteError;

/** The embedded event log (docs/storage.md#the-embedded-log): one SQLite file in the data directory. */
export class EventLog {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement<[string], StoredRow>;
  private readonly lastSeqStmt: Database.Statement<[], { last: number | null }>;
  private readonly idAtStmt: Database.Statement<[number], { id: string }>;
  private readonly afterStmt: Database.Statement<[number], StoredRow>;
  private readonly inTransaction: <T>(fn: () => T) => T;
  private readonly walFile: string;
  private wal: { fd: number; ino: number } | undefined;
  /** Commits made (staged or synced) and commits known to be on disk, counted from the start. */
  private commits = 0;
  private syncedCommits = 0;
  private syncing = false;
  private waiting: Array<{ commits: number; resolve: () => void; reject: (error: Error) => void }> = [];

  /** `notice` hears of slow one-off work at open (a format upgrade), for the operator's log. */
  constructor(dataDir: string, notice: (message: string) => void = () => undefined) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'events.sqlite');
    this.walFile = `${this.file}-wal`;
    try {
      this.db = new Database(this.file);
      for (const pragma of WRITE_SQL.pragmas) this.db.pragma(pragma);
      const version = this.db.pragma('user_version', { simple: true });
      if (version !== 0 && version !== 1 && version !== 2 && version !== LOG_VERSION) {
        throw new EventLogError(`format version ${String(version)} is not supported (this server reads versions 1 to ${LOG_VERSION})`);
      }
      if (version === 1) {
        notice(`upgrading the event log ${this.file} to format ${LOG_VERSION}: the copy of each event as sent is dropped (about 40 s for a year of events)`);
        // One transaction: a crash leaves format 1 as it was, never a format 1 without its column.
        this.db.transaction(() => {
          this.db.exec('ALTER TABLE events DROP COLUMN body');
          this.db.pragma('user_version = 2');
        })();
      }
      if (version === 1 || version === 2) {
        // Adding columns writes no row: instant, whatever the log's size.
        this.db.transaction(() => {
          for (const column of ADDED_IN_3) this.db.exec(`ALTER TABLE events ADD COLUMN ${column}`);
          this.db.pragma(`user_version = ${LOG_VERSION}`);
        })();
      }
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${LOG_VERSION}`);
    } catch (error) {
      const hint = isReadOnlyDir(dataDir) ? ` (the data directory ${dataDir} is not writable: a read-only file system or its permissions)` : '';
      throw new EventLogError(`cannot open the event log ${this.file}: ${(error as Error).message}${hint}`);
    }
    this.insertStmt = this.db.prepare(WRITE_SQL.insertSql);
    this.byIdStmt = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`);
    this.lastSeqStmt = this.db.prepare('SELECT max(seq) AS last FROM events');
    this.idAtStmt = this.db.prepare('SELECT id FROM events WHERE seq = ?');
    this.afterStmt = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > ? ORDER BY seq`);
    const runner = this.db.transaction((fn: () => unknown) => fn());
    this.inTransaction = <T>(fn: () => T): T => runner.immediate(fn) as T;
  }

  /** Runs `fn` in one transaction: all its inserts are committed together, or none, and on disk when it returns. */
  transaction<T>(fn: () => T): T {
    const result = this.stage(fn);
    this.syncNow();
    return result;
  }

  /**
   * Runs `fn` in one transaction, committed (readable, safe from a crash of this process) but
   * not yet synced to disk: acknowledge its writes only once `synced()` has settled.
   */
  stage<T>(fn: () => T): T {
    const result = this.inTransaction(fn);
    this.commits++;
    return result;
  }

  /**
   * Settles once every commit made so far is on disk. One fdatasync of the WAL on a pool thread
   * covers all the commits made before it started, so concurrent batches share it. Rejects with
   * SQLite's own error class (SQLITE_IOERR_FSYNC) when the disk refuses.
   */
  synced(): Promise<void> {
    if (this.syncedCommits >= this.commits) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ commits: this.commits, resolve, reject });
      this.startSync();
    });
  }

  private startSync(): void {
    if (this.syncing || this.waiting.length === 0) return;
    const target = this.commits;
    let fd: number;
    try {
      fd = this.walFd();
    } catch (error) {
      this.settleWaiting(target, syncError(error));
      return;
    }
    this.syncing = true;
    fdatasync(fd, (error) => {
      this.syncing = false;
      this.settleWaiting(target, error === null ? undefined : syncError(error));
      this.startSync();
    });
  }

  private settleWaiting(target: number, error: Error | undefined): void {
    if (error === undefined) this.syncedCommits = Math.max(this.syncedCommits, target);
    const due = this.waiting.filter((w) => w.commits <= target);
    this.waiting = this.waiting.filter((w) => w.commits > target);
    for (const w of due) {
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
  }

  private syncNow(): void {
    const target = this.commits;
    try {
      fdatasyncSync(this.walFd());
    } catch (error) {
      throw syncError(error);
    }
    this.syncedCommits = Math.max(this.syncedCommits, target);
  }

  /** A descriptor of the WAL file as it is now (SQLite may have made a new one since the last sync). */
  private walFd(): number {
    const ino = statSync(this.walFile).ino;
    if (this.wal?.ino !== ino) {
      if (this.wal !== undefined) closeSync(this.wal.fd);
      const fd = openSync(this.walFile, 'r');
      this.wal = { fd, ino: fstatSync(fd).ino };
    }
    return this.wal.fd;
  }

  /** The stored record of an event id. */
  recordOf(id: string): CaseEventRecord | undefined {
    const row = this.byIdStmt.get(id);
    return row === undefined ? undefined : recordOfRow(row);
  }

  /** What the stored event of an id says (recordContent), to compare a re-sent one with. */
  contentOf(id: string): string | undefined {
    const record = this.recordOf(id);
    return record === undefined ? undefined : recordContent(record);
  }

  /** Appends an event; false when its id is already stored (nothing written). */
  insert(record: CaseEventRecord, receivedAt: number): boolean {
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
      r.reporter ?? null,
      r.note ?? null,
      r.by ?? null,
      receivedAt,
    );
    return info.changes === 1;
  }

  /** The records stored after seq `seq`, in order (a few: for catching up, not for the replay). */
  recordsAfter(seq: number): CaseEventRecord[] {
    return this.afterStmt.all(seq).map(recordOfRow);
  }

  /** Number of stored events (the log is append-only, so the last seq counts them). */
  count(): number {
    return this.lastSeqStmt.get()?.last ?? 0;
  }

  /** The id of the event stored at `seq`: a checkpoint names the event it ends with, to be sure of its log. */
  idAt(seq: number): string | undefined {
    return this.idAtStmt.get(seq)?.id;
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
    if (this.wal !== undefined) closeSync(this.wal.fd);
    this.wal = undefined;
  }
}
