import fc from 'fast-check';
import { SOURCES, type EventType } from '../../contract';
import { blankRecord, type CaseEventRecord } from '../../server/core/case-event-record';
import { LocalTime } from '../../server/core/local-time';
import { DEFAULT_OFFICE_HOURS, WorkCalendar } from '../../contract/work-calendar';
import { syntheticCity } from './synthetic-city';

/** Random case streams over a small synthetic city, for the property tests of the core. */
export const ZONE = 'Asia/Shanghai';
export const city = syntheticCity({ districts: 2, streets: 4, grids: 12, communitiesPerStreet: 2 });
export const calendar = new WorkCalendar(new LocalTime(ZONE), DEFAULT_OFFICE_HOURS);
/** Just before the National Day holiday of 2026 (10-01..10-07), so work-time deadlines jump it. */
export const START = Date.parse('2026-09-29T00:00:00+08:00');
export const MINUTE = 60_000;
/** Every time-limit unit of the catalogue. */
export const CATEGORIES = ['E.05.02', 'C.01.03', 'C.02.01', 'E.04.01', 'E.06.01', 'E.01.04'];
export const DEPARTMENTS = ['市政设施处', '街道办事处', '甲处'];
export const below = (codes: string[]) => codes.flatMap((code) => city.childrenOf(code));
export const districts = city.childrenOf('city');
export const streets = below([...districts]);
export const communities = below(streets);
/** Every scope but the grids: their grid lists, case lists and summaries are checked. */
export const scopes = ['city', ...districts, ...streets, ...communities];
export const allScopes = [...scopes, ...below(communities)];

/** Minutes after the report; a few shared values make same-instant ties (lifecycle order, on-time boundaries) common. */
const later = fc.oneof(fc.integer({ min: -120, max: 3000 }), fc.constantFrom(0, 60, 120, 240));
const maybeDeadline = fc.option(fc.oneof(fc.integer({ min: -60, max: 4000 }), fc.constantFrom(60, 120, 240)), { freq: 4 });
export const caseArb = fc.record({
  reported: fc.integer({ min: 0, max: 11 }).map((x) => x > 0),
  at: fc.integer({ min: 0, max: 3 * 1440 }),
  grid: fc.nat({ max: city.gridCount - 1 }),
  category: fc.constantFrom(...CATEGORIES),
  source: fc.constantFrom(...SOURCES),
  reporter: fc.option(fc.constantFrom('巡查员01', '巡查员02', '平安员07')),
  reportedDeadline: maybeDeadline,
  registered: fc.option(fc.record({ after: later, deadline: maybeDeadline }), { freq: 5 }),
  dispatched: fc.array(fc.record({ after: later, department: fc.option(fc.constantFrom(...DEPARTMENTS)) }), { maxLength: 2 }),
  handled: fc.array(later, { maxLength: 2 }),
  reworked: fc.array(later, { maxLength: 1 }),
  extended: fc.array(fc.record({ after: later, deadline: fc.integer({ min: -60, max: 6000 }) }), { maxLength: 2 }),
  paused: fc.array(fc.record({ after: later, resumed: fc.boolean() }), { maxLength: 2 }),
  returned: fc.array(fc.record({ after: later, department: fc.option(fc.constantFrom(...DEPARTMENTS)) }), { maxLength: 1 }),
  urged: fc.array(later, { maxLength: 1 }),
  closed: fc.option(later, { freq: 2 }),
  cancelled: fc.option(later, { freq: 6 }),
});
export type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

export function eventsOf(specs: CaseSpec[]): CaseEventRecord[] {
  const events: CaseEventRecord[] = [];
  specs.forEach((spec, i) => {
    const caseId = `C${i}`;
    const at = (minutes: number) => START + (spec.at + minutes) * MINUTE;
    const add = (type: EventType, minutes: number, extra: Partial<CaseEventRecord> = {}) =>
      events.push({ id: `${caseId}-${events.length}`, caseId, type, at: at(minutes), ...extra });
    if (spec.reported) {
      add('reported', 0, {
        gridCode: city.gridCodeAt(spec.grid),
        category: spec.category,
        source: spec.source,
        ...(spec.reporter === null ? {} : { reporter: spec.reporter }),
        ...(spec.reportedDeadline === null ? {} : { deadline: at(spec.reportedDeadline) }),
      });
    }
    if (spec.registered) add('registered', spec.registered.after, spec.registered.deadline === null ? {} : { deadline: at(spec.registered.deadline) });
    for (const d of spec.dispatched) add('dispatched', d.after, d.department === null ? {} : { department: d.department });
    for (const m of spec.handled) add('handled', m);
    for (const m of spec.reworked) add('reworked', m);
    for (const x of spec.extended) add('extended', x.after, { deadline: at(x.deadline) });
    for (const p of spec.paused) add(p.resumed ? 'resumed' : 'suspended', p.after);
    for (const r of spec.returned) add('returned', r.after, r.department === null ? {} : { department: r.department });
    for (const m of spec.urged) add('urged', m);
    if (spec.closed !== null) add('closed', spec.closed);
    if (spec.cancelled !== null) add('cancelled', spec.cancelled);
  });
  return events;
}

/** The events one by one in a single object, as the ingest and the replay hand them over: the aggregator must keep none. */
export function* inOneObject(events: readonly CaseEventRecord[]): Generator<CaseEventRecord> {
  const shared = blankRecord();
  for (const event of events) yield Object.assign(shared, blankRecord(), event);
}

export function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i % keys.length] * 7919 + i })).sort((a, b) => a.key - b.key).map((x) => x.item);
}

