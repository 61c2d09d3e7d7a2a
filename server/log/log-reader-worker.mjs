// Reads the event log on a worker thread, a few pages ahead of the main thread, which meanwhile
// folds the previous pages into an aggregator. Pages are columns (typed arrays moved, not copied,
// and a few arrays of strings), not one object per event. Three ways of reading:
// - by seq ranges, for the start-up replay: several readers share the log, reader k of n reading
//   pages k, k + n, k + 2n… of seq ranges `pageSize` long;
// - one query (`querySql` with `params`) whose rows are cut into pages: the past rebuilt from the
//   log, where SQLite itself picks the events (server/replay/past-log.ts);
// - one value (`valueSql`), sent once.
// Plain JavaScript because worker threads cannot load TypeScript through the tsx hooks on Node 20;
// the messages are typed on the other side, in log-reader.ts, which also passes the SQL.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pageSql, querySql, valueSql, params, pageSize, first, stride, last, ahead } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });

if (valueSql !== undefined) {
  parentPort.postMessage({ value: db.prepare(valueSql).pluck().get(params) ?? null });
  db.close();
  parentPort.close();
} else {
  const statement = db.prepare(querySql ?? pageSql).raw(true);
  // A query is read through one iterator; seq ranges each by one call into SQLite (all(): one call per page, not per row).
  const rows = querySql !== undefined ? statement.iterate(params) : undefined;
  let from = first;
  let credit = ahead;
  let finished = false;

  const readPage = () => {
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
    const add = (row) => {
      // The query gives known types and sources as numbers, anything else as its text.
      if (typeof row[1] !== 'number') return `event log row ${row[12]} has an unknown type "${row[1]}"`;
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
      return undefined;
    };
    if (rows !== undefined) {
      while (i < pageSize) {
        const next = rows.next();
        if (next.done) {
          finished = true;
          break;
        }
        const error = add(next.value);
        if (error !== undefined) return { error };
      }
    } else {
      for (const row of statement.all(from, from + pageSize)) {
        const error = add(row);
        if (error !== undefined) return { error };
      }
      from += stride;
    }
    return { count: i, caseId, type, at, source, lng, lat, deadline, category, gridCode, description, department, reporter };
  };

  const pump = () => {
    while (credit > 0 && !finished) {
      credit--;
      if (rows === undefined && from >= last) {
        finished = true;
        parentPort.postMessage({ end: true });
        return;
      }
      const page = readPage();
      if (page.error !== undefined) {
        finished = true;
        parentPort.postMessage(page);
        return;
      }
      parentPort.postMessage(page, [page.type.buffer, page.at.buffer, page.source.buffer, page.lng.buffer, page.lat.buffer, page.deadline.buffer]);
      if (finished) parentPort.postMessage({ end: true });
    }
  };

  parentPort.on('message', (message) => {
    if (message === 'close') {
      // Stopped early: the query's iterator is left open, which close() would refuse.
      rows?.return();
      db.close();
      parentPort.close();
      return;
    }
    credit++;
    pump();
  });
  pump();
}
