import { Names } from './names';
import { grownCapacity, resized } from './typed-growth';

export const NONE = -1;

/**
 * Every event of every case, kept compactly (17 bytes each) as singly linked lists per case:
 * time, type, link to the case's previous event, and one auxiliary index whose meaning
 * depends on the type (reported → a ReportedPool row, registered → an explicit deadline row,
 * dispatched → a department number; NONE when absent).
 */
export class EventPool {
  at = new Float64Array(0);
  type = new Uint8Array(0);
  next = new Int32Array(0);
  aux = new Int32Array(0);
  size = 0;
  /** Explicit deadlines of registered events. */
  deadlines = new Float64Array(0);
  deadlineCount = 0;

  add(at: number, type: number, aux: number, next: number): number {
    if (this.size === this.at.length) this.reserve(grownCapacity(this.at.length, this.size + 1));
    const slot = this.size++;
    this.at[slot] = at;
    this.type[slot] = type;
    this.next[slot] = next;
    this.aux[slot] = aux;
    return slot;
  }

  /**
   * The head a case's list had when the pool held its first `size` events: events are only added
   * (until a compaction), each at the head of its case's list, so the list's older part is that
   * list as it stood then.
   */
  headWhen(head: number, size: number): number {
    let e = head;
    while (e >= size) e = this.next[e];
    return e;
  }

  /** Room for `capacity` events without growing (a bulk load knows how many are coming). */
  reserve(capacity: number): void {
    if (capacity <= this.at.length) return;
    this.at = resized(this.at, capacity);
    this.type = resized(this.type, capacity);
    this.next = resized(this.next, capacity);
    this.aux = resized(this.aux, capacity);
  }

  addDeadline(deadline: number): number {
    if (this.deadlineCount === this.deadlines.length) {
      this.deadlines = resized(this.deadlines, grownCapacity(this.deadlines.length, this.deadlineCount + 1));
    }
    this.deadlines[this.deadlineCount] = deadline;
    return this.deadlineCount++;
  }
}

/** The payload of `reported` events: where and what the case is. */
export class ReportedPool {
  grid = new Int32Array(0);
  category = new Int16Array(0);
  source = new Uint8Array(0);
  lng = new Float64Array(0);
  lat = new Float64Array(0);
  deadline = new Float64Array(0);
  /** Who reported it (定人): a number in `reporters`, or NONE. */
  reporter = new Int32Array(0);
  readonly reporters = new Names();
  descriptions = new Map<number, string>();
  size = 0;

  add(grid: number, category: number, source: number, lng: number, lat: number, deadline: number, description?: string, reporter?: string): number {
    if (this.size === this.grid.length) this.reserve(grownCapacity(this.grid.length, this.size + 1));
    const row = this.size++;
    this.grid[row] = grid;
    this.category[row] = category;
    this.source[row] = source;
    this.lng[row] = lng;
    this.lat[row] = lat;
    this.deadline[row] = deadline;
    this.reporter[row] = reporter === undefined || reporter === '' ? NONE : this.reporters.intern(reporter);
    if (description !== undefined && description !== '') this.descriptions.set(row, description);
    return row;
  }

  /** Room for `capacity` reports without growing. */
  reserve(capacity: number): void {
    if (capacity <= this.grid.length) return;
    this.grid = resized(this.grid, capacity);
    this.category = resized(this.category, capacity);
    this.source = resized(this.source, capacity);
    this.lng = resized(this.lng, capacity);
    this.lat = resized(this.lat, capacity);
    this.deadline = resized(this.deadline, capacity);
    this.reporter = resized(this.reporter, capacity);
  }

  reporterOf(row: number): string | undefined {
    const reporter = this.reporter[row];
    return reporter === NONE ? undefined : this.reporters.list[reporter];
  }

  /** Total order on payloads, so that two `reported` events at the same instant pick the same one whatever their arrival order. */
  compare(a: number, b: number): number {
    return (
      this.grid[a] - this.grid[b] ||
      this.category[a] - this.category[b] ||
      this.source[a] - this.source[b] ||
      numberOrder(this.lng[a], this.lng[b]) ||
      numberOrder(this.lat[a], this.lat[b]) ||
      numberOrder(this.deadline[a], this.deadline[b]) ||
      textOrder(this.descriptions.get(a) ?? '', this.descriptions.get(b) ?? '') ||
      textOrder(this.reporterOf(a) ?? '', this.reporterOf(b) ?? '')
    );
  }
}

/** NaN sorts first; otherwise ascending. */
function numberOrder(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Number.isNaN(a)) return -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : 1;
}

export function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
