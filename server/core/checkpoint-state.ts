import { TIME_SLOTS } from './case-state';
import type { CaseRows, CaseStore } from './case-store';
import type { DayContent, DayTables } from './day-table';
import type { Departments } from './departments';
import type { EventPool, ReportedPool } from './event-pool';
import { FROZEN_CHUNK_ROWS, type FrozenRows } from './frozen-rows';
import { grownCapacity, type NumericArray } from './typed-growth';

/**
 * What a checkpoint keeps of the aggregator: its primary structures (events, reports, the cases'
 * rows and their ids' hash, department names, the day tables). What is indexed beside the cases
 * (grid lists, open sets, recent lists, the deadline queue, live counts) is derived again when
 * one is loaded.
 */
export interface CheckpointParts {
  events: EventPool;
  reports: ReportedPool;
  store: CaseStore;
  departments: Departments;
  days: DayTables;
}

/** The state a checkpoint held, read back apart from any aggregator, for one to adopt. */
export interface CheckpointData {
  events: { at: Float64Array<ArrayBuffer>; type: Uint8Array<ArrayBuffer>; next: Int32Array<ArrayBuffer>; aux: Int32Array<ArrayBuffer>; size: number; deadlines: Float64Array<ArrayBuffer>; deadlineCount: number };
  reports: {
    grid: Int32Array<ArrayBuffer>;
    category: Int16Array<ArrayBuffer>;
    source: Uint8Array<ArrayBuffer>;
    lng: Float64Array<ArrayBuffer>;
    lat: Float64Array<ArrayBuffer>;
    deadline: Float64Array<ArrayBuffer>;
    reporter: Int32Array<ArrayBuffer>;
    size: number;
    reporters: string[];
    descriptions: Map<number, string>;
  };
  departments: string[];
  cases: { ids: string[]; table: Int32Array<ArrayBuffer>; rows: CaseRows };
  days: DayContent[];
}

/** Bytes a chunk of a big array is written in. */
const CHUNK_BYTES = 4 << 20;
/** Strings encoded together. */
const STRING_GROUP = 4096;
const TAG_BYTES = 16;

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** A section's name (8 ASCII characters) and its count, so that a reader out of step stops at once. */
function tag(name: string, count: number): Uint8Array {
  const bytes = new Uint8Array(TAG_BYTES);
  for (let i = 0; i < 8; i += 1) bytes[i] = i < name.length ? name.charCodeAt(i) : 0x20;
  new DataView(bytes.buffer).setFloat64(8, count, true);
  return bytes;
}

function* arrayBytes(array: NumericArray, count: number): Generator<Uint8Array> {
  const per = Math.max(1, Math.floor(CHUNK_BYTES / array.BYTES_PER_ELEMENT));
  for (let i = 0; i < count; i += per) yield bytesOf(array.subarray(i, Math.min(count, i + per)));
}

function* stringBytes(strings: Iterator<string>, count: number): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  for (let done = 0; done < count; ) {
    const group: string[] = [];
    while (group.length < STRING_GROUP && done + group.length < count) {
      const next = strings.next();
      if (next.done) throw new Error('checkpoint: fewer strings than counted');
      group.push(next.value);
    }
    const text = encoder.encode(group.join(''));
    yield bytesOf(Uint32Array.of(group.length, text.byteLength));
    yield bytesOf(Uint32Array.from(group, (s) => s.length));
    yield text;
    done += group.length;
  }
}

function* frozenBytes(frozen: FrozenRows): Generator<Uint8Array> {
  for (let chunk = 0; chunk < frozen.chunks; chunk += 1) for (const part of frozen.take(chunk)) yield bytesOf(part);
}

/**
 * The aggregator's primary state as it stood when taken, read out as bytes while the aggregator
 * keeps running: appended structures (events, reports, ids, names) are read up to their size
 * then, rows that change are frozen copy-on-write (FrozenRows, DayTable.freeze). Each chunk stays
 * valid once handed out. Release it when written, or when given up.
 */
export class CheckpointImage {
  private readonly sizes: { events: number; deadlines: number; reports: number; reporters: number; descriptions: number; departments: number; cases: number };
  private readonly frozen: { rows: FrozenRows; table: FrozenRows };
  private readonly days: DayContent[];
  private readonly arrays: {
    events: Pick<EventPool, 'at' | 'type' | 'next' | 'aux' | 'deadlines'>;
    reports: Pick<ReportedPool, 'grid' | 'category' | 'source' | 'lng' | 'lat' | 'deadline' | 'reporter'>;
    ids: readonly string[];
    descriptions: Map<number, string>;
    reporters: readonly string[];
    departments: readonly string[];
  };

  constructor(
    private readonly parts: CheckpointParts,
    private readonly onRelease: () => void,
  ) {
    const { events, reports, store, departments, days } = parts;
    this.sizes = {
      events: events.size,
      deadlines: events.deadlineCount,
      reports: reports.size,
      reporters: reports.reporters.list.length,
      descriptions: reports.descriptions.size,
      departments: departments.list.length,
      cases: store.size,
    };
    // The pools' arrays as they are now: one grown meanwhile is a new array, and these stay as they were.
    const { at, type, next, aux, deadlines } = events;
    const { grid, category, source, lng, lat, deadline, reporter } = reports;
    this.arrays = {
      events: { at, type, next, aux, deadlines },
      reports: { grid, category, source, lng, lat, deadline, reporter },
      ids: store.caseIds,
      descriptions: reports.descriptions,
      reporters: reports.reporters.list,
      departments: departments.list,
    };
    this.frozen = store.freeze();
    this.days = days.freeze();
  }

  /** How many cases and events it holds. */
  get counts(): { cases: number; events: number } {
    return { cases: this.sizes.cases, events: this.sizes.events };
  }

  *bytes(): Generator<Uint8Array> {
    const { sizes, arrays } = this;
    const { events, reports } = arrays;
    yield tag('events', sizes.events);
    for (const array of [events.at, events.type, events.next, events.aux]) yield* arrayBytes(array, sizes.events);
    yield tag('deadline', sizes.deadlines);
    yield* arrayBytes(events.deadlines, sizes.deadlines);
    yield tag('reports', sizes.reports);
    for (const array of [reports.grid, reports.category, reports.source, reports.lng, reports.lat, reports.deadline, reports.reporter]) yield* arrayBytes(array, sizes.reports);
    yield tag('reporter', sizes.reporters);
    yield* stringBytes(arrays.reporters.values(), sizes.reporters);
    yield* this.descriptionBytes();
    yield tag('departmt', sizes.departments);
    yield* stringBytes(arrays.departments.values(), sizes.departments);
    yield tag('caseids', sizes.cases);
    yield* stringBytes(arrays.ids.values(), sizes.cases);
    yield tag('casehash', this.frozen.table.rows);
    yield* frozenBytes(this.frozen.table);
    yield tag('caserows', sizes.cases);
    yield* frozenBytes(this.frozen.rows);
    yield tag('days', this.days.length);
    for (const day of this.days) yield* dayBytes(day);
  }

  release(): void {
    this.parts.store.unfreeze();
    this.parts.days.unfreeze();
    this.onRelease();
  }

  /** Rows and texts of the descriptions of the reports taken (later ones have higher rows, and come later in the map). */
  private *descriptionBytes(): Generator<Uint8Array> {
    const count = this.sizes.descriptions;
    yield tag('descript', count);
    const rows = new Int32Array(count);
    const texts: string[] = [];
    for (const [row, text] of this.arrays.descriptions) {
      if (texts.length === count) break;
      rows[texts.length] = row;
      texts.push(text);
    }
    yield bytesOf(rows);
    yield* stringBytes(texts.values(), count);
  }
}

function* dayBytes(day: DayContent): Generator<Uint8Array> {
  const lengths = Int32Array.from(day.closed, (list) => list?.length ?? 0);
  const closed = new Int32Array(lengths.reduce((sum, n) => sum + n, 0));
  let at = 0;
  for (const list of day.closed) if (list) for (const n of list) closed[at++] = n;
  yield tag('daytable', day.day);
  yield bytesOf(Float64Array.of(day.scopes.length, day.grids === undefined ? 0 : day.grids.length, day.departments.length, lengths.length, closed.length));
  yield* arrayBytes(day.scopes, day.scopes.length);
  if (day.grids) yield* arrayBytes(day.grids, day.grids.length);
  yield bytesOf(day.departments);
  yield bytesOf(lengths);
  yield bytesOf(closed);
}

/**
 * Reads a checkpoint's bytes back, by the layout CheckpointImage wrote: yields each place the
 * next bytes of the checkpoint go to (the caller fills it and resumes), and returns the state.
 * `scopeLength` is the city's number of figures a day (FIELDS per scope slot), checked.
 */
export function* readCheckpoint(scopeLength: number): Generator<Uint8Array, CheckpointData, void> {
  const eventCount = yield* readTag('events');
  const at = yield* readArray(Float64Array, eventCount);
  const type = yield* readArray(Uint8Array, eventCount);
  const next = yield* readArray(Int32Array, eventCount);
  const aux = yield* readArray(Int32Array, eventCount);
  const deadlineCount = yield* readTag('deadline');
  const deadlines = yield* readArray(Float64Array, deadlineCount);
  const reportCount = yield* readTag('reports');
  const reports = {
    grid: yield* readArray(Int32Array, reportCount),
    category: yield* readArray(Int16Array, reportCount),
    source: yield* readArray(Uint8Array, reportCount),
    lng: yield* readArray(Float64Array, reportCount),
    lat: yield* readArray(Float64Array, reportCount),
    deadline: yield* readArray(Float64Array, reportCount),
    reporter: yield* readArray(Int32Array, reportCount),
    size: reportCount,
    reporters: yield* readStrings(yield* readTag('reporter')),
    descriptions: yield* readDescriptions(),
  };
  const departments = yield* readStrings(yield* readTag('departmt'));
  const caseCount = yield* readTag('caseids');
  const ids = yield* readStrings(caseCount);
  const tableLength = yield* readTag('casehash');
  const table = new Int32Array(tableLength);
  yield* readChunked([table], [1], tableLength);
  if (tableLength & (tableLength - 1) || tableLength * 0.7 < caseCount) throw new CheckpointError(`its case table (${tableLength} slots) cannot hold ${caseCount} cases`);
  if ((yield* readTag('caserows')) !== caseCount) throw new CheckpointError('its case rows and case ids differ in number');
  const capacity = grownCapacity(caseCount, caseCount);
  const rows: CaseRows = {
    head: new Int32Array(capacity),
    reportRow: new Int32Array(capacity),
    times: new Float64Array(capacity * TIME_SLOTS),
    status: new Uint8Array(capacity),
    flags: new Uint16Array(capacity),
    department: new Int32Array(capacity),
  };
  yield* readChunked([rows.head, rows.reportRow, rows.times, rows.status, rows.flags, rows.department], [1, 1, TIME_SLOTS, 1, 1, 1], caseCount);
  const dayCount = yield* readTag('days');
  const days: DayContent[] = [];
  for (let i = 0; i < dayCount; i += 1) days.push(yield* readDay(scopeLength));
  return {
    events: { at, type, next, aux, size: eventCount, deadlines, deadlineCount },
    reports,
    departments,
    cases: { ids, table, rows },
    days,
  };
}

/** A checkpoint whose bytes do not follow the layout (torn, or written by another layout). */
export class CheckpointError extends Error {}

function* readTag(name: string): Generator<Uint8Array, number, void> {
  const bytes = new Uint8Array(TAG_BYTES);
  yield bytes;
  const found = String.fromCharCode(...bytes.subarray(0, 8)).trimEnd();
  if (found !== name) throw new CheckpointError(`expected its section "${name}", found "${found.replace(/[^\x20-\x7e]/g, '?')}"`);
  const count = new DataView(bytes.buffer).getFloat64(8, true);
  if (!Number.isInteger(count) || count < 0) throw new CheckpointError(`its section "${name}" has a bad count`);
  return count;
}

/** An array of `count` items with room to grow (untouched room costs no memory), filled from the checkpoint. */
function* readArray<T extends NumericArray>(Ctor: new (length: number) => T, count: number): Generator<Uint8Array, T, void> {
  const array = new Ctor(grownCapacity(count, count));
  if (count > 0) yield bytesOf(array.subarray(0, count));
  return array;
}

function* readChunked(arrays: NumericArray[], widths: number[], rows: number): Generator<Uint8Array, void, void> {
  for (let from = 0; from < rows; from += FROZEN_CHUNK_ROWS) {
    const to = Math.min(rows, from + FROZEN_CHUNK_ROWS);
    for (let i = 0; i < arrays.length; i += 1) yield bytesOf(arrays[i].subarray(from * widths[i], to * widths[i]));
  }
}

function* readStrings(count: number): Generator<Uint8Array, string[], void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const strings: string[] = [];
  while (strings.length < count) {
    const head = new Uint32Array(2);
    yield bytesOf(head);
    const [n, byteLength] = head;
    if (n === 0 || strings.length + n > count) throw new CheckpointError('its strings are out of step');
    const lengths = new Uint32Array(n);
    yield bytesOf(lengths);
    const encoded = new Uint8Array(byteLength);
    yield encoded;
    const text = decoder.decode(encoded);
    let at = 0;
    for (const length of lengths) {
      strings.push(text.slice(at, at + length));
      at += length;
    }
    if (at !== text.length) throw new CheckpointError('its strings are out of step');
  }
  return strings;
}

function* readDescriptions(): Generator<Uint8Array, Map<number, string>, void> {
  const count = yield* readTag('descript');
  const rows = new Int32Array(count);
  if (count > 0) yield bytesOf(rows);
  const texts = yield* readStrings(count);
  const descriptions = new Map<number, string>();
  texts.forEach((text, i) => descriptions.set(rows[i], text));
  return descriptions;
}

function* readDay(scopeLength: number): Generator<Uint8Array, DayContent, void> {
  const day = yield* readTag('daytable');
  const sizes = new Float64Array(5);
  yield bytesOf(sizes);
  const [scopesLength, gridLength, departmentLength, districts, closedTotal] = sizes;
  if (scopesLength !== scopeLength) throw new CheckpointError(`its day tables have ${scopesLength} figures a day, not this city's ${scopeLength}`);
  const scopes = new Int32Array(scopeLength);
  yield bytesOf(scopes);
  let grids: Int32Array | undefined;
  if (gridLength > 0) {
    grids = new Int32Array(gridLength);
    yield bytesOf(grids);
  }
  const departments = new Int32Array(departmentLength);
  if (departmentLength > 0) yield bytesOf(departments);
  const lengths = new Int32Array(districts);
  if (districts > 0) yield bytesOf(lengths);
  const values = new Int32Array(closedTotal);
  if (closedTotal > 0) yield bytesOf(values);
  const closed: Array<number[] | undefined> = [];
  let at = 0;
  for (const length of lengths) {
    closed.push(length === 0 ? undefined : Array.from(values.subarray(at, at + length)));
    at += length;
  }
  return { day, scopes, grids, closed, departments };
}
