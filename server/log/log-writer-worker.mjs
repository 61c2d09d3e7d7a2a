// Writes ingest batches into the event log on a worker thread, so the main thread parses and
// validates the next batches while SQLite inserts and fsyncs this one. Plain JavaScript because
// worker threads cannot load TypeScript through the tsx hooks on Node 20; the messages are typed
// on the other side, in log-writer.ts, which also passes the SQL so the schema lives in one place.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pragmas, insertSql, bodySql } = workerData;
const db = new Database(file);
for (const pragma of pragmas) db.pragma(pragma);
const insert = db.prepare(insertSql);
const bodyOf = db.prepare(bodySql).pluck();

/** Null for a row inserted, else the body already stored under its id (a duplicate or a conflict). */
const commit = db.transaction((c) => {
  const count = c.id.length;
  const results = new Array(count);
  for (let r = 0; r < count; r++) {
    const info = insert.run(c.id[r], c.caseId[r], c.type[r], c.at[r], c.category[r], c.source[r], c.gridCode[r], c.lng[r], c.lat[r], c.description[r], c.deadline[r], c.department[r], c.receivedAt[r], c.body[r]);
    results[r] = info.changes === 1 ? null : (bodyOf.get(c.id[r]) ?? c.body[r]);
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
    parentPort.postMessage({ results: commit.immediate(JSON.parse(message)) });
  } catch (error) {
    parentPort.postMessage({ error: { message: error.message, code: error.code } });
  }
});
