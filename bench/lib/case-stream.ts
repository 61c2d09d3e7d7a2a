import { MINOR_CATEGORIES, SOURCES, type CaseEvent, type EventType, type Source } from '../../contract';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import type { CityIndex } from '../../server/core/city-index';

/**
 * A deterministic stream of realistic case events over a city's real grid codes, in time order
 * as a log holds them (cases interleaved): most registered within minutes, dispatched to the
 * category's department, handled within hours or days, some reworked, some cancelled, most
 * closed. Used by the ingest and rebuild benchmarks.
 */
export interface StreamOptions {
  city: CityIndex;
  cases: number;
  /** Reports are spread evenly over [start, end); later events may fall after `end` and are dropped. */
  start: number;
  end: number;
  seed?: number;
}

export interface StreamedEvent {
  event: CaseEvent;
  record: CaseEventRecord;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SOURCE_SHARES: Array<[Source, number]> = [
  ['inspector', 0.45],
  ['hotline', 0.2],
  ['video', 0.15],
  ['sensor', 0.08],
  ['app', 0.08],
  ['safety-officer', 0.04],
];
const DESCRIPTIONS = ['路边占道经营', '井盖缺失，存在安全隐患', '垃圾堆积未清运', '人行道板破损', '夜间施工噪声扰民', '共享单车乱停放'];

function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/** Later events of reported cases, ordered by time (binary heap). */
class Pending {
  private items: StreamedEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peekAt(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.items[0].record.at;
  }
  push(item: StreamedEvent): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p].record.at <= a[i].record.at) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): StreamedEvent {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as StreamedEvent;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].record.at < a[m].record.at) m = l;
        if (r < a.length && a[r].record.at < a[m].record.at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function* caseStream(options: StreamOptions): Generator<StreamedEvent> {
  const { city, cases, start, end } = options;
  const random = xorshift(options.seed ?? 7);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const source = (): Source => {
    let r = random();
    for (const [name, share] of SOURCE_SHARES) if ((r -= share) < 0) return name;
    return SOURCES[0];
  };
  const pending = new Pending();
  const step = (end - start) / cases;

  for (let n = 0; n < cases; n++) {
    const reportedAt = Math.floor(start + n * step + random() * step);
    while (pending.peekAt() <= reportedAt) yield pending.pop();

    const caseId = `C${String(n).padStart(9, '0')}`;
    const gridCode = city.gridCodeAt(Math.floor(random() * city.gridCount));
    const minor = pick(MINOR_CATEGORIES);
    const event: CaseEvent = { id: `${caseId}-0`, caseId, type: 'reported', at: iso(reportedAt), category: minor.code, source: source() };
    const record: CaseEventRecord = { id: event.id, caseId, type: 'reported', at: reportedAt, category: minor.code, source: event.source, gridCode };
    const [lng, lat] = city.centerOf(gridCode) ?? [0, 0];
    if (random() < 0.5) {
      event.gridCode = gridCode;
    } else {
      // A field terminal's fix: well inside the ~158 m cell.
      event.lng = record.lng = Math.round((lng + between(-0.0004, 0.0004)) * 1e6) / 1e6;
      event.lat = record.lat = Math.round((lat + between(-0.0004, 0.0004)) * 1e6) / 1e6;
    }
    record.lng ??= lng;
    record.lat ??= lat;
    if (random() < 0.3) event.description = record.description = pick(DESCRIPTIONS);
    yield { event, record };

    let k = 1;
    let at = reportedAt;
    const later = (type: EventType, delay: number, extra: Partial<CaseEvent> = {}) => {
      at += Math.floor(delay);
      if (at >= end) return false;
      const id = `${caseId}-${k++}`;
      const e: CaseEvent = { id, caseId, type, at: iso(at), ...extra };
      pending.push({ event: e, record: { id, caseId, type, at, department: extra.department } });
      return true;
    };
    if (random() < 0.04) {
      later('cancelled', between(2, 30) * MINUTE);
      continue;
    }
    if (!later('registered', between(1, 10) * MINUTE)) continue;
    if (!later('dispatched', between(2, 30) * MINUTE, { department: minor.department })) continue;
    if (!later('handled', between(0.5, 48) * HOUR)) continue;
    if (random() < 0.08) {
      if (!later('reworked', between(0.5, 6) * HOUR)) continue;
      if (!later('handled', between(1, 24) * HOUR)) continue;
    }
    if (random() < 0.95) later('closed', between(0.2, 24) * HOUR);
  }
  while (pending.size > 0) yield pending.pop();
}
