// Writes ingest batches into the event log on a worker thread, so the main thread parses and
// validates the next batches while SQLite inserts and fsyncs this one. Plain JavaScript because
// worker threads cannot load TypeScript through the tsx hooks on Node 20; the messages are typed
// on the other side, in log-writer.ts, which also passes the SQL so the schema lives in one place.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pragmas, insertSql, bodySql, width } = workerData;
const db = new Database(file);
for (const pragma of pragmas) db.pragma(pragma);
const insert = db.prepare(insertSql);
const bodyOf = db.prepare(bodySql).pluck();

/** Null for a row inserted, else the body already stored under its id (a duplicate or a conflict). */
const commit = db.transaction((rows) => {
  const results = new Array(rows.length / width);
  for (let i = 0, r = 0; i < rows.length; i += width, r++) {
    const info = insert.run(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], rows[i + 4], rows[i + 5], rows[i + 6], rows[i + 7], rows[i + 8], rows[i + 9], rows[i + 10], rows[i + 11], rows[i + 12], rows[i + 13]);
    results[r] = info.changes === 1 ? null : (bodyOf.get(rows[i]) ?? rows[i + 13]);
  }
  return results;
});

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ results: commit.immediate(message) });
  } catch (error) {
    parentPort.postMessage({ error: { message: error.message, code: error.code } });
  }
});
