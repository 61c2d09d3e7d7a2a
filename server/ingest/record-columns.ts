import { EVENT_TYPES, SOURCES } from '../../contract';
import { blankRecord, type CaseEventRecord } from '../core/case-event-record';
import { readRecord, type LogPage } from '../log/log-reader';

/**
 * Records as columns for the main thread: the replay's page format plus each report's grid
 * index (-1: none), cheap to pass between threads. A report's grid code is left out when its
 * index is there, and ids are left out: the core needs neither, and strings are what a message
 * costs both threads most to copy.
 */
export interface RecordColumns extends LogPage {
  grid: Int32Array;
}

const TYPE_INDEX = new Map<string, number>(EVENT_TYPES.map((type, i) => [type, i]));
const SOURCE_CODE = new Map<string, number>(SOURCES.map((source, i) => [source, i + 1]));

export function toColumns(records: readonly CaseEventRecord[]): RecordColumns {
  const count = records.length;
  const columns: RecordColumns = {
    count,
    caseId: new Array<string>(count),
    type: new Uint8Array(count),
    at: new Float64Array(count),
    source: new Uint8Array(count),
    lng: new Float64Array(count),
    lat: new Float64Array(count),
    deadline: new Float64Array(count),
    category: new Array<string | null>(count),
    gridCode: new Array<string | null>(count),
    description: new Array<string | null>(count),
    department: new Array<string | null>(count),
    reporter: new Array<string | null>(count),
    grid: new Int32Array(count),
  };
  records.forEach((r, i) => {
    columns.caseId[i] = r.caseId;
    columns.type[i] = TYPE_INDEX.get(r.type) ?? 0;
    columns.at[i] = r.at;
    columns.source[i] = r.source === undefined ? 0 : (SOURCE_CODE.get(r.source) ?? 0);
    columns.lng[i] = r.lng ?? Number.NaN;
    columns.lat[i] = r.lat ?? Number.NaN;
    columns.deadline[i] = r.deadline ?? Number.NaN;
    columns.category[i] = r.category ?? null;
    columns.gridCode[i] = r.grid === undefined ? (r.gridCode ?? null) : null;
    columns.grid[i] = r.grid ?? -1;
    columns.description[i] = r.description ?? null;
    columns.department[i] = r.department ?? null;
    columns.reporter[i] = r.reporter ?? null;
  });
  return columns;
}

/** The typed arrays of columns, to transfer instead of copy. */
export function transferables(columns: RecordColumns): ArrayBuffer[] {
  return [columns.type, columns.at, columns.source, columns.lng, columns.lat, columns.deadline, columns.grid].map((a) => a.buffer as ArrayBuffer);
}

/** Record i of `columns` into `into` (whose fields are all overwritten; the id left empty). */
export function readColumns(columns: RecordColumns, i: number, into: CaseEventRecord): CaseEventRecord {
  readRecord(columns, i, into);
  const grid = columns.grid[i];
  into.grid = grid === -1 ? undefined : grid;
  return into;
}

/**
 * The records of `columns` flagged 1 in `selected`, in order, each read into the same object:
 * for a consumer that keeps none of them (the aggregator folds their fields in), so that a batch
 * allocates no record per event.
 */
export function* selectedRecords(columns: RecordColumns, selected: Uint8Array): Generator<CaseEventRecord> {
  const record = blankRecord();
  for (let i = 0; i < columns.count; i++) if (selected[i] === 1) yield readColumns(columns, i, record);
}
