import { CaseNumbers } from './case-numbers';
import { T_CANCELLED, T_CLOSED, T_DEADLINE, TIME_SLOTS, type DerivedCase } from './case-state';
import { NONE, type ReportedPool } from './event-pool';
import { FrozenRows } from './frozen-rows';
import { grownCapacity, resized } from './typed-growth';

/** What a case's row holds beyond links, as a checkpoint keeps it (the grid lists are derived again). */
export interface CaseRows {
  head: Int32Array<ArrayBuffer>;
  reportRow: Int32Array<ArrayBuffer>;
  times: Float64Array<ArrayBuffer>;
  status: Uint8Array<ArrayBuffer>;
  flags: Uint16Array<ArrayBuffer>;
  department: Int32Array<ArrayBuffer>;
}

const COUNTED = 1;
const REWORKED = 2;
const OVERDUE = 4;
const EXPLICIT = 8;
const STANDS = 16;
const SUSPENDED = 32;
const RETURNED = 64;
const URGED = 128;
/** An extension moved the deadline: the stored deadline is the extended one. */
const EXTENDED = 256;

/**
 * Every case's derived state as struct-of-arrays indexed by a case number, plus the links of
 * its event list and of its grid's case list. What only the derivation needs
 * (the named department, the explicit deadline's value) is re-derived from the events.
 */
export class CaseStore {
  caseIds: string[] = [];
  private readonly numbers = new CaseNumbers(this.caseIds);
  /** Newest event of the case (EventPool list head). */
  head = new Int32Array(0);
  /** Next case of the same grid (the grid's list head lives in `gridHead`). */
  gridNext = new Int32Array(0);
  reportRow = new Int32Array(0);
  times = new Float64Array(0);
  status = new Uint8Array(0);
  flags = new Uint16Array(0);
  department = new Int32Array(0);
  readonly gridHead: Int32Array;
  size = 0;
  held = 0;
  /** The rows as a checkpoint being written saw them, while it is written (copy on write). */
  frozen: FrozenRows | undefined;

  constructor(
    private readonly reports: ReportedPool,
    gridCount: number,
  ) {
    this.gridHead = new Int32Array(gridCount).fill(NONE);
  }

  numberOf(caseId: string): number | undefined {
    return this.numbers.get(caseId);
  }

  /** A new case with no event yet: held until its `reported` arrives. */
  create(caseId: string): number {
    if (this.size === this.head.length) this.reserve(grownCapacity(this.head.length, this.size + 1));
    const n = this.size++;
    // Growth leaves new capacity zeroed and untouched (so it costs no resident memory); a case's row is set here,
    // wholly: after a compaction the row may still hold a forgotten or moved case's.
    this.head[n] = NONE;
    this.gridNext[n] = NONE;
    this.reportRow[n] = NONE;
    this.status[n] = 0;
    this.flags[n] = 0;
    this.times.fill(Number.NaN, n * TIME_SLOTS, n * TIME_SLOTS + TIME_SLOTS);
    this.department[n] = NONE;
    this.caseIds.push(caseId);
    this.numbers.add(n);
    this.held += 1;
    return n;
  }

  load(n: number, out: DerivedCase): void {
    const flags = this.flags[n];
    const reportRow = this.reportRow[n];
    out.counted = (flags & COUNTED) !== 0;
    out.reportRow = reportRow;
    out.grid = reportRow === NONE ? NONE : this.reports.grid[reportRow];
    out.category = reportRow === NONE ? NONE : this.reports.category[reportRow];
    out.source = reportRow === NONE ? 0 : this.reports.source[reportRow];
    const base = n * TIME_SLOTS;
    for (let k = 0; k < TIME_SLOTS; k += 1) out.times[k] = this.times[base + k];
    out.status = this.status[n];
    out.reworked = (flags & REWORKED) !== 0;
    out.overdue = (flags & OVERDUE) !== 0;
    out.namedDepartment = NONE;
    out.department = this.department[n];
    out.explicitDeadline = (flags & EXPLICIT) !== 0 ? out.times[T_DEADLINE] : Number.NaN;
    out.extendedDeadline = (flags & EXTENDED) !== 0 ? out.times[T_DEADLINE] : Number.NaN;
    out.handledStands = (flags & STANDS) !== 0;
    out.suspended = (flags & SUSPENDED) !== 0;
    out.returned = (flags & RETURNED) !== 0;
    out.urged = (flags & URGED) !== 0;
  }

  /** Makes event `e` the newest of case n. */
  setHead(n: number, e: number): void {
    this.frozen?.beforeWrite(n);
    this.head[n] = e;
  }

  save(n: number, state: DerivedCase): void {
    this.frozen?.beforeWrite(n);
    if (state.counted !== ((this.flags[n] & COUNTED) !== 0)) this.held += state.counted ? -1 : 1;
    this.reportRow[n] = state.reportRow;
    this.times.set(state.times, n * TIME_SLOTS);
    this.status[n] = state.status;
    const explicit = !Number.isNaN(state.explicitDeadline) && state.times[T_DEADLINE] === state.explicitDeadline;
    this.flags[n] =
      (state.counted ? COUNTED : 0) |
      (state.reworked ? REWORKED : 0) |
      (state.overdue ? OVERDUE : 0) |
      (explicit ? EXPLICIT : 0) |
      (state.handledStands ? STANDS : 0) |
      (state.suspended ? SUSPENDED : 0) |
      (state.returned ? RETURNED : 0) |
      (state.urged ? URGED : 0) |
      (!Number.isNaN(state.extendedDeadline) ? EXTENDED : 0);
    this.department[n] = state.department;
  }

  isCounted(n: number): boolean {
    return (this.flags[n] & COUNTED) !== 0;
  }

  /** When the case was closed or cancelled, NaN while it is open. */
  closedAt(n: number): number {
    const closed = this.times[n * TIME_SLOTS + T_CLOSED];
    return !Number.isNaN(closed) ? closed : this.times[n * TIME_SLOTS + T_CANCELLED];
  }

  isOverdue(n: number): boolean {
    return (this.flags[n] & OVERDUE) !== 0;
  }

  isReworked(n: number): boolean {
    return (this.flags[n] & REWORKED) !== 0;
  }

  isSuspended(n: number): boolean {
    return (this.flags[n] & SUSPENDED) !== 0;
  }

  isExtended(n: number): boolean {
    return (this.flags[n] & EXTENDED) !== 0;
  }

  isUrged(n: number): boolean {
    return (this.flags[n] & URGED) !== 0;
  }


  time(n: number, slot: number): number {
    return this.times[n * TIME_SLOTS + slot];
  }

  gridOf(n: number): number {
    const reportRow = this.reportRow[n];
    return reportRow === NONE ? NONE : this.reports.grid[reportRow];
  }

  linkToGrid(n: number, grid: number): void {
    this.gridNext[n] = this.gridHead[grid];
    this.gridHead[grid] = n;
  }

  unlinkFromGrid(n: number, grid: number): void {
    if (this.gridHead[grid] === n) {
      this.gridHead[grid] = this.gridNext[n];
      return;
    }
    for (let c = this.gridHead[grid]; c !== NONE; c = this.gridNext[c]) {
      if (this.gridNext[c] === n) {
        this.gridNext[c] = this.gridNext[n];
        return;
      }
    }
  }

  /**
   * The rows [0, size) and the hash of their ids as they stand now, for a checkpoint to read out
   * chunk by chunk while the cases go on changing (see FrozenRows), until unfreeze().
   */
  freeze(): { rows: FrozenRows; table: FrozenRows } {
    const { head, reportRow, times, status, flags, department } = this;
    this.frozen = new FrozenRows([head, reportRow, times, status, flags, department], [1, 1, TIME_SLOTS, 1, 1, 1], this.size);
    const table = this.numbers.table;
    this.numbers.frozen = new FrozenRows([table], [1], table.length);
    return { rows: this.frozen, table: this.numbers.frozen };
  }

  unfreeze(): void {
    this.frozen = undefined;
    this.numbers.frozen = undefined;
  }

  /** Takes back the cases a checkpoint kept; the grid lists are left empty for the caller to link again. */
  restore(ids: string[], table: Int32Array<ArrayBuffer>, rows: CaseRows): void {
    this.caseIds = ids;
    this.numbers.restore(ids, table);
    this.size = ids.length;
    ({ head: this.head, reportRow: this.reportRow, times: this.times, status: this.status, flags: this.flags, department: this.department } = rows);
    this.gridNext = new Int32Array(this.head.length);
    this.held = 0;
    for (let n = 0; n < this.size; n += 1) if (!this.isCounted(n)) this.held += 1;
  }

  /**
   * Keeps only the cases `newNumber` maps to a number (−1: forgotten), each moved to it; numbers
   * only go down, so the rows move in place. The grid lists are left for the caller to link again.
   */
  compact(newNumber: Int32Array, kept: number): void {
    for (let n = 0; n < this.size; n += 1) if (newNumber[n] < 0) this.numbers.remove(n);
    const ids = this.caseIds;
    for (let n = 0; n < this.size; n += 1) {
      const m = newNumber[n];
      if (m < 0 || m === n) continue;
      ids[m] = ids[n];
      this.head[m] = this.head[n];
      this.reportRow[m] = this.reportRow[n];
      this.times.copyWithin(m * TIME_SLOTS, n * TIME_SLOTS, n * TIME_SLOTS + TIME_SLOTS);
      this.status[m] = this.status[n];
      this.flags[m] = this.flags[n];
      this.department[m] = this.department[n];
    }
    ids.length = kept;
    this.numbers.renumber(newNumber, ids);
    this.size = kept;
    this.held = 0;
    for (let n = 0; n < kept; n += 1) if (!this.isCounted(n)) this.held += 1;
  }

  /** Room for `capacity` cases without growing. */
  reserve(capacity: number): void {
    if (capacity <= this.head.length) return;
    this.numbers.reserve(capacity);
    this.head = resized(this.head, capacity);
    this.gridNext = resized(this.gridNext, capacity);
    this.reportRow = resized(this.reportRow, capacity);
    this.times = resized(this.times, capacity * TIME_SLOTS);
    this.status = resized(this.status, capacity);
    this.flags = resized(this.flags, capacity);
    this.department = resized(this.department, capacity);
  }
}
