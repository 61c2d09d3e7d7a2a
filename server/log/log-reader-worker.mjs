// Reads the event log for the start-up replay on a worker thread, a few pages ahead of the main
// thread, which meanwhile folds the previous pages into the aggregator. Several readers share
// the log: reader k of n reads pages k, k + n, k + 2n… of seq ranges `pageSize` long. Pages are columns (typed
// arrays moved, not copied, and a few arrays of strings), not one object per event. Plain
// JavaScript because worker threads cannot load TypeScript through the tsx hooks on Node 20; the
// messages are typed on the other side, in log-reader.ts, which also passes the SQL.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pageSql, pageSize, first, stride, last, ahead } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
const statement = db.prepare(pageSql).raw(true);

let from = first;
let credit = ahead;
let finished = false;

function readPage() {
  const caseId = [];
  const type = new Uint8Array(pageSize);
  const at = new Float64Array(pageSize);
  const source = new Uint8Array(pageSize);
  const lng = new Float64Array(pageSize);
  const lat = new Float64Array(pageSize);
  const deadline = new Float64Array(pageSize);
  const category = [];
  const gridCode = [];
  const description = [];
  const department = [];
  const reporter = [];
  let i = 0;
  // all(): one call into SQLite per page instead of one per row.
  for (const row of statement.all(from, from + pageSize)) {
    // The query gives known types and sources as numbers, anything else as its text.
    if (typeof row[1] !== 'number') return { error: `event log row ${row[12]} has an unknown type "${row[1]}"` };
    caseId.push(row[0]);
    type[i] = row[1];
    at[i] = row[2];
    category.push(row[3]);
    source[i] = typeof row[4] === 'number' ? row[4] : 0;
    gridCode.push(row[5]);
    lng[i] = row[6] ?? Number.NaN;
    lat[i] = row[7] ?? Number.NaN;
    description.push(row[8]);
    deadline[i] = row[9] ?? Number.NaN;
    department.push(row[10]);
    reporter.push(row[11]);
    i++;
  }
  from += stride;
  return { count: i, caseId, type, at, source, lng, lat, deadline, category, gridCode, description, department, reporter };
}

function pump() {
  while (credit > 0 && !finished) {
    credit--;
    if (from >= last) {
      finished = true;
      parentPort.postMessage({ end: true });
      return;
    }
    const page = readPage();
    finished = page.error !== undefined;
    if (page.error !== undefined) parentPort.postMessage(page);
    else parentPort.postMessage(page, [page.type.buffer, page.at.buffer, page.source.buffer, page.lng.buffer, page.lat.buffer, page.deadline.buffer]);
  }
}

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  credit++;
  pump();
});
pump();
