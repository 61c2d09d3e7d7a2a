import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { EvaluationFiguresSchema, type CaseEvent, type Evaluation, type EvaluationFigures } from '../../contract';
import { DEFAULT_OFFICE_HOURS, WorkCalendar } from '../../contract/work-calendar';
import type { CaseEventRecord } from '../../server/core/case-event-record';
import { LocalTime } from '../../server/core/local-time';
import { naiveFigures, naiveJudgements } from '../core/naive-evaluation';
import { TestClock, demoCity, gridsOf, removeTempDirs, startServer, type TestServer } from './lib/harness';

const ZONE = 'Asia/Shanghai';
const calendar = new WorkCalendar(new LocalTime(ZONE), DEFAULT_OFFICE_HOURS);
const clock = new TestClock(Date.parse('2026-11-28T16:00:00+08:00'));
const local = (text: string) => DateTime.fromISO(text, { zone: ZONE }).toMillis();
const HOUR = 3_600_000;
/** The cut-off: most cases were handled and closed after it, so the pass derives each again from its events. */
const AS_OF = local('2026-11-26T12:00:00');
const FROM = local('2026-11-01T00:00:00');
const TO = local('2026-12-01T00:00:00');
const URL = `/api/v1/evaluation?scope=city&period=2026-11&asOf=${encodeURIComponent(new Date(AS_OF).toISOString())}`;
/** Cases enough that a pass over them takes many slices of the event loop on any machine. */
const CASES = 20_000;
const FIGURES = Object.keys(EvaluationFiguresSchema.properties) as Array<keyof EvaluationFigures>;
const figures = (row: EvaluationFigures) => Object.fromEntries(FIGURES.map((key) => [key, row[key]]));
const grids = gridsOf('city');

function event(caseId: string, type: CaseEvent['type'], at: number, extra: Partial<CaseEvent> = {}): CaseEvent {
  return { id: `${caseId}-${type}-${at}`, caseId, type, at: new Date(at).toISOString(), ...extra };
}

/** A month of cases over the whole city, most still open at the cut-off. */
function month(): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (let i = 0; i < CASES; i += 1) {
    const caseId = `SL${i}`;
    const base = local(`2026-11-${String(1 + (i % 25)).padStart(2, '0')}T09:00:00`) + (i % 480) * 60_000;
    events.push(event(caseId, 'reported', base, { category: i % 2 ? 'E.05.02' : 'C.01.03', source: 'inspector', gridCode: grids[(i * 7919) % grids.length] }));
    events.push(event(caseId, 'registered', base + HOUR / 2));
    events.push(event(caseId, 'dispatched', base + HOUR, { department: i % 3 ? '环卫处' : '城管执法支队' }));
    if (i % 4 !== 3) events.push(event(caseId, 'handled', i % 5 === 0 ? base + 3 * HOUR : local('2026-11-27T10:00:00') + (i % 60) * 60_000));
    if (i % 2 === 0) events.push(event(caseId, 'closed', local('2026-11-27T15:00:00')));
  }
  return events;
}

/**
 * Events that arrive late, all at or before the cut-off: they change the answer for cases spread
 * over the whole case numbering, and add cases numbered after every other.
 */
function late(): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (let i = 0; i < CASES; i += 1) {
    if (i % 50 === 0) events.push(event(`SL${i}`, 'urged', AS_OF - HOUR, { note: '请加快', by: '指挥中心' }));
    if (i % 70 === 1) events.push(event(`SL${i}`, 'handled', AS_OF - 2 * HOUR));
  }
  for (let i = 0; i < 30; i += 1) {
    events.push(event(`SLNEW${i}`, 'reported', AS_OF - 3 * HOUR, { category: 'E.05.02', source: 'hotline', gridCode: grids[i * 101] }));
    events.push(event(`SLNEW${i}`, 'registered', AS_OF - 2 * HOUR));
  }
  return events;
}

const records = (events: CaseEvent[]): CaseEventRecord[] =>
  events.map((e) => ({ ...e, at: Date.parse(e.at), deadline: e.deadline === undefined ? undefined : Date.parse(e.deadline) }));

/** The city's figures and its districts', from the definitions, for the events held. */
function reference(events: CaseEvent[]): Record<string, unknown> {
  const judged = naiveJudgements(records(events), calendar, AS_OF);
  const children = demoCity().childrenOf('city');
  return {
    city: figures(naiveFigures(judged, FROM, TO)),
    children: Object.fromEntries(children.map((code) => [code, figures(naiveFigures(judged.filter((j) => j.grid.startsWith(code)), FROM, TO))])),
  };
}

const answered = (evaluation: Evaluation) => ({
  city: figures(evaluation),
  children: Object.fromEntries(evaluation.children.map((child) => [child.code, figures(child)])),
});

const base = month();
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ now: clock.now });
  for (let i = 0; i < base.length; i += 10_000) expect((await server.ingest(base.slice(i, i + 10_000))).accepted).toBe(Math.min(10_000, base.length - i));
}, 120_000);
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('an evaluation of many cases', () => {
  it('lets the event loop turn while it runs: a request made once it is under way is answered first', async () => {
    const order: string[] = [];
    const evaluation = server.get(URL).then((reply) => {
      order.push('evaluation');
      return reply;
    });
    await nextTurn();
    await server.get('/healthz', '');
    order.push('healthz');
    expect((await evaluation).statusCode).toBe(200);
    expect(order).toEqual(['healthz', 'evaluation']);
  });

  it('answers for the events held when it began, while late events are folded in during it', async () => {
    const more = late();
    let settled = false;
    const evaluation = server.get(URL).then((reply) => {
      settled = true;
      return reply;
    });
    await nextTurn();
    // The pass is under way (its first slice has run, as above): the late events go in now, as the
    // ingest folds in a batch it has stored.
    expect(settled).toBe(false);
    server.app.aggregator.applyAll(records(more));
    const reply = await evaluation;
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json<Evaluation>();
    expect(Date.parse(body.asOf)).toBe(AS_OF);
    const before = reference(base);
    const after = reference([...base, ...more]);
    expect(after.city).not.toEqual(before.city);
    expect(answered(body)).toEqual(before);
    // Asked again, it counts them.
    expect(answered((await server.get(URL)).json<Evaluation>())).toEqual(after);
  });
});
