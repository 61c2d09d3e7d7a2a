import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WRITE_SQL, type RowColumns } from './event-log';

/** Per row sent: null when it was inserted, else the body stored earlier under its id. */
export type CommitResults = Array<string | null>;

type WorkerReply = { results: CommitResults } | { error: { message: string; code: string | undefined } };

interface Pending {
  resolve: (results: CommitResults) => void;
  reject: (error: Error) => void;
}

/**
 * The ingest's writes to the event log, on a worker thread with its own connection
 * (./log-writer-worker.mjs): one commit at a time, each one transaction made durable before its
 * promise settles. The worker starts on the first commit, so a server that never ingests, or
 * ingests through the shared stream, never starts it.
 */
export class LogWriter {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Inserts rows in one transaction. Rejects with SQLite's own error when it failed: nothing was stored. */
  commit(rows: RowColumns): Promise<CommitResults> {
    if (this.pending !== undefined) throw new Error('LogWriter.commit: the previous commit has not settled');
    const worker = this.start();
    worker.ref();
    const done = new Promise<CommitResults>((resolve, reject) => {
      this.pending = { resolve, reject };
      // One string crosses threads as one copy; the structured clone of the columns' strings costs several times more.
      worker.postMessage(JSON.stringify(rows));
    });
    this.idle = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  /** Waits for the commit in flight, then closes the worker's connection. */
  async close(): Promise<void> {
    await this.idle;
    const worker = this.worker;
    if (worker === undefined) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./log-writer-worker.mjs', import.meta.url), { workerData: { file: this.file, ...WRITE_SQL } });
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.settle(worker);
      if (pending === undefined) return;
      if ('results' in reply) pending.resolve(reply.results);
      else pending.reject(new Database.SqliteError(reply.error.message, reply.error.code ?? 'SQLITE_ERROR'));
    });
    const fail = (error: Error) => {
      // A worker already replaced or closed owes nothing any more.
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settle(worker)?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the event log writer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(worker: Worker): Pending | undefined {
    const pending = this.pending;
    this.pending = undefined;
    // Idle, the worker never keeps the process alive.
    worker.unref();
    return pending;
  }
}
